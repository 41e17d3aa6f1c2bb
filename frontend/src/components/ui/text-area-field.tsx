import { useId, type ComponentProps, type ReactNode } from 'react';

interface TextAreaFieldProps extends Omit<ComponentProps<'textarea'>, 'id' | 'aria-invalid' | 'aria-describedby' | 'className'> {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

/** TextField's multi-line sibling: a labelled textarea with its hint and its error. */
export function TextAreaField({ label, hint, error, rows = 5, ...textarea }: TextAreaFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');

  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {hint && (
        <div id={hintId} className="field__hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
      <textarea
        id={id}
        className="input textarea"
        rows={rows}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...textarea}
      />
    </div>
  );
}
