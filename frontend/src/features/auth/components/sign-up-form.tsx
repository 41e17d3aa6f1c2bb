import { signUpInput, type Locale, type SignUpInput } from '@khadamat/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { FormAlert } from '@/components/ui/form-alert';
import { LocaleOptions } from '@/components/ui/locale-options';
import { Notice } from '@/components/ui/notice';
import { PasswordRules } from '@/components/ui/password-rules';
import { RadioGroup } from '@/components/ui/radio-group';
import { SelectField } from '@/components/ui/select-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useFocusOnMount } from '@/hooks/use-focus-on-mount';
import { useFormErrors } from '@/hooks/use-form-errors';
import { useLocale } from '@/hooks/use-locale';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { useSession } from '@/lib/auth';
import { fieldsOfApiError, hasFieldErrors, issuesByField, type FieldErrors, type SchemaIssue } from '@/lib/form-errors';
import { toLocale } from '@/lib/i18n/i18n';
import { normalizePhone } from '@/lib/phone';
import { useSignUp } from '../api/sign-up';

const TEXT_FIELDS = ['name', 'email', 'phone', 'password'] as const;
type Field = (typeof TEXT_FIELDS)[number];
type Role = 'client' | 'provider';

// Codes that belong to one field rather than to the whole form. (Sign-up never says that an
// address or phone is taken: the answer is the same either way.)
const FIELD_OF_CODE: Partial<Record<string, Field>> = { PASSWORD_REJECTED: 'password' };

/**
 * After sign-up: check the mail. The same words whether or not the address already had an
 * account (its owner got a note instead of a link): the page reveals nothing. "Send again"
 * sends the same form again, which re-sends the link of an account not yet confirmed.
 */
function SignUpSent({ input, onOtherAddress }: { input: SignUpInput; onOtherAddress: () => void }) {
  const { t } = useTranslation();
  const resend = useSignUp();
  const focusRef = useFocusOnMount<HTMLHeadingElement>();

  return (
    <div className="result result--success">
      <h2 ref={focusRef} tabIndex={-1} className="result__heading">
        {t('signUp.sentHeading')}
      </h2>
      <p>
        {t('signUp.sentBody')}{' '}
        <strong>
          <bdi>{input.email}</bdi>
        </strong>
        . {t('signUp.sentBodyEnd')}
      </p>
      <p>{t('signUp.sentPhone')}</p>
      <p>{t('signUp.notReceived')}</p>
      {resend.isSuccess && <Notice>{t('signUp.resent')}</Notice>}
      <FormAlert error={resend.isError ? describeApiError(t, resend.error) : null} />
      <div className="result__actions">
        <SubmitButton
          type="button"
          variant="secondary"
          pending={resend.isPending}
          pendingLabel={t('signUp.resending')}
          onClick={() => resend.mutate(input)}
        >
          {t('signUp.resend')}
        </SubmitButton>
        <button type="button" className="button button--secondary" onClick={onOtherAddress}>
          {t('signUp.otherAddress')}
        </button>
      </div>
      <p>
        {t('signUp.haveAccount')} <Link to="/sign-in">{t('signUp.signInLink')}</Link>
      </p>
    </div>
  );
}

export function SignUpForm() {
  const { t } = useTranslation();
  const uiLocale = useLocale();
  const { data: session } = useSession();
  const signUp = useSignUp();
  const [sent, setSent] = useState<SignUpInput | null>(null);
  const { formRef, fieldErrors, formError, showErrors, clearErrors } = useFormErrors<Field>();
  const [role, setRole] = useState<Role>('client');
  // Follows the UI language until the user picks another one.
  const [locale, setLocale] = useState<Locale | null>(null);

  const invalid = (field: Field, issue?: SchemaIssue): string => {
    if (field === 'password') return t(issue?.code === 'too_big' ? 'fields.newPassword.tooLong' : 'fields.newPassword.tooShort');
    return t(`fields.${field}.invalid`);
  };

  // Already signed in when arriving here: nothing to create.
  if (session && signUp.isIdle) return <Navigate to="/account" replace />;
  if (sent) {
    return (
      <SignUpSent
        input={sent}
        onOtherAddress={() => {
          signUp.reset();
          setSent(null);
        }}
      />
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = signUpInput.safeParse({
      role,
      name: String(data.get('name') ?? ''),
      email: String(data.get('email') ?? ''),
      phone: normalizePhone(String(data.get('phone') ?? '')),
      password: String(data.get('password') ?? ''),
      locale: locale ?? uiLocale,
    });
    if (!parsed.success) {
      const issues = issuesByField(parsed.error.issues, TEXT_FIELDS);
      const fields: FieldErrors<Field> = {};
      for (const field of TEXT_FIELDS) if (issues[field]) fields[field] = invalid(field, issues[field]);
      showErrors({ fields });
      return;
    }
    clearErrors();
    signUp.mutate(parsed.data, {
      onSuccess: () => setSent(parsed.data),
      onError: (error) => {
        const fields: FieldErrors<Field> = {};
        for (const field of fieldsOfApiError(error, TEXT_FIELDS)) fields[field] = invalid(field);
        const codeField = error instanceof ApiClientError ? FIELD_OF_CODE[error.code] : undefined;
        if (codeField) fields[codeField] = describeApiError(t, error).message;
        showErrors(hasFieldErrors(fields) ? { fields } : { form: describeApiError(t, error) });
      },
    });
  };

  return (
    <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
      <FormAlert error={formError} />
      <p className="form__note">{t('common.requiredNote')}</p>
      <RadioGroup
        legend={t('fields.role.legend')}
        name="role"
        value={role}
        onChange={setRole}
        options={[
          { value: 'client', label: t('fields.role.client'), hint: t('fields.role.clientHint') },
          { value: 'provider', label: t('fields.role.provider'), hint: t('fields.role.providerHint') },
        ]}
      />
      <TextField label={t('fields.name.label')} name="name" autoComplete="name" required maxLength={100} error={fieldErrors.name} />
      <TextField
        label={t('fields.email.label')}
        name="email"
        type="email"
        autoComplete="email"
        dir="ltr"
        required
        error={fieldErrors.email}
      />
      <TextField
        label={t('fields.phone.label')}
        name="phone"
        type="tel"
        autoComplete="tel"
        dir="ltr"
        required
        hint={
          <>
            {t('fields.phone.hint')} <span dir="ltr">+212612345678</span>
          </>
        }
        error={fieldErrors.phone}
      />
      <TextField
        label={t('fields.password.label')}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={<PasswordRules />}
        error={fieldErrors.password}
      />
      <SelectField
        label={t('fields.locale.label')}
        hint={t('fields.locale.hint')}
        name="locale"
        value={locale ?? uiLocale}
        onChange={(event) => setLocale(toLocale(event.target.value))}
      >
        <LocaleOptions />
      </SelectField>
      <SubmitButton pending={signUp.isPending} pendingLabel={t('signUp.submitting')}>
        {t('signUp.submit')}
      </SubmitButton>
      <p className="form__aside">
        {t('signUp.haveAccount')} <Link to="/sign-in">{t('signUp.signInLink')}</Link>
      </p>
    </form>
  );
}
