import { useId, type ComponentProps, type ReactNode } from 'react';

interface SelectFieldProps extends Omit<ComponentProps<'select'>, 'id' | 'aria-invalid' | 'aria-describedby' | 'className'> {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

export function SelectField({ label, hint, error, children, ...select }: SelectFieldProps) {
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
      <select id={id} className="input" aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined} {...select}>
        {children}
      </select>
    </div>
  );
}
