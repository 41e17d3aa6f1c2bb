import type { ComponentProps, ReactNode } from 'react';
import { Field } from './field';

interface TextAreaFieldProps extends Omit<ComponentProps<'textarea'>, 'id' | 'aria-invalid' | 'aria-describedby' | 'className'> {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

/** TextField's multi-line sibling: a labelled textarea with its hint and its error. */
export function TextAreaField({ label, hint, error, rows = 5, ...textarea }: TextAreaFieldProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => <textarea {...control} className="input textarea" rows={rows} {...textarea} />}
    </Field>
  );
}
