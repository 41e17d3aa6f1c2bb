import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormError } from '@/lib/api-error-message';
import type { FieldErrors } from '@/lib/form-errors';

interface ErrorsState<F extends string> {
  fields: FieldErrors<F>;
  form: FormError | null;
  /** Bumped on every failed submission, so focus moves again even when the errors are the same. */
  attempt: number;
}

/**
 * The errors of one form: per field (shown next to the field) and for the whole form
 * (an alert above it). After each failed submission, focus goes to the first invalid
 * field, or to the alert when no field is to blame.
 */
export function useFormErrors<F extends string>() {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, setState] = useState<ErrorsState<F>>({ fields: {}, form: null, attempt: 0 });

  useEffect(() => {
    const form = formRef.current;
    if (state.attempt === 0 || !form) return;
    const target = form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('[data-form-alert]');
    target?.focus();
  }, [state.attempt]);

  const showErrors = useCallback((errors: { fields?: FieldErrors<F>; form?: FormError | null }) => {
    setState((previous) => ({ fields: errors.fields ?? {}, form: errors.form ?? null, attempt: previous.attempt + 1 }));
  }, []);

  const clearErrors = useCallback(() => {
    setState((previous) => ({ fields: {}, form: null, attempt: previous.attempt }));
  }, []);

  return { formRef, fieldErrors: state.fields, formError: state.form, showErrors, clearErrors };
}
