import { useId, type ReactNode } from 'react';

/** What a field's control carries so it is named by the label and read with the hint and the error. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  label: string;
  /** Shown under the label and read with the field (format, rules). */
  hint?: ReactNode;
  /** Why the value was refused; marks the field invalid. */
  error?: string | undefined;
  /** Renders the control (input, textarea, select) with the given id and aria wiring spread onto it. */
  children: (control: FieldControlProps) => ReactNode;
}

/**
 * The frame of every form field: its label, its hint and its error, wired to the control
 * with aria-describedby / aria-invalid. The control keeps its own attributes (lang, dir, ...).
 */
export function Field({ label, hint, error, children }: FieldProps) {
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
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined })}
    </div>
  );
}
