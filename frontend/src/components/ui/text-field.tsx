import { useId, type ComponentProps, type ReactNode } from 'react';

interface TextFieldProps extends Omit<ComponentProps<'input'>, 'id' | 'aria-invalid' | 'aria-describedby' | 'className'> {
  label: string;
  /** Shown under the label and read with the field (format, rules). */
  hint?: ReactNode;
  /** Why the value was refused; marks the field invalid. */
  error?: string | undefined;
  /** A narrow input, for short values such as a 6-digit code. */
  short?: boolean;
}

/** A labelled input with its hint and its error, wired with aria-describedby / aria-invalid. */
export function TextField({ label, hint, error, short = false, ...input }: TextFieldProps) {
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
      <input
        id={id}
        className={short ? 'input input--short' : 'input'}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
    </div>
  );
}
