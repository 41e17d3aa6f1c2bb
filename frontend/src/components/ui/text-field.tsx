import type { ComponentProps, ReactNode } from 'react';
import { Field } from './field';

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
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => <input {...control} className={short ? 'input input--short' : 'input'} {...input} />}
    </Field>
  );
}
