import type { ComponentProps, ReactNode } from 'react';
import { Field } from './field';

interface SelectFieldProps extends Omit<ComponentProps<'select'>, 'id' | 'aria-invalid' | 'aria-describedby' | 'className'> {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

/** TextField's sibling for a choice among options: a labelled select with its hint and its error. */
export function SelectField({ label, hint, error, children, ...select }: SelectFieldProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <select {...control} className="input" {...select}>
          {children}
        </select>
      )}
    </Field>
  );
}
