import { updateProfileInput, type Locale, type PublicUser } from '@khadamat/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormAlert } from '@/components/ui/form-alert';
import { LocaleOptions } from '@/components/ui/locale-options';
import { Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useFormErrors } from '@/hooks/use-form-errors';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { fieldsOfApiError, hasFieldErrors, issuesByField, type FieldErrors } from '@/lib/form-errors';
import { toLocale } from '@/lib/i18n/i18n';
import { normalizePhone } from '@/lib/phone';
import { useUpdateProfile, type ProfileChanges } from '../api/update-profile';

const FIELDS = ['name', 'phone'] as const;
type Field = (typeof FIELDS)[number];

type Outcome = 'saved' | 'saved-new-phone' | 'unchanged' | null;

export function ProfileForm({ user }: { user: PublicUser }) {
  const { t } = useTranslation();
  const update = useUpdateProfile();
  const { formRef, fieldErrors, formError, showErrors, clearErrors } = useFormErrors<Field>();
  const [locale, setLocale] = useState<Locale>(user.locale);
  // The language switch saves the member's language too: the field follows it, or saving the
  // form would put the old one back.
  const [savedLocale, setSavedLocale] = useState<Locale>(user.locale);
  if (user.locale !== savedLocale) {
    setSavedLocale(user.locale);
    setLocale(user.locale);
  }
  const [outcome, setOutcome] = useState<Outcome>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setOutcome(null);
    const data = new FormData(event.currentTarget);
    const name = String(data.get('name') ?? '').trim();
    const phone = normalizePhone(String(data.get('phone') ?? ''));
    // Only what changed: an unchanged number keeps its verification.
    const changes: ProfileChanges = {};
    if (name !== user.name) changes.name = name;
    if (phone !== (user.phone ?? '')) changes.phone = phone;
    if (locale !== user.locale) changes.locale = locale;
    if (Object.keys(changes).length === 0) {
      clearErrors();
      setOutcome('unchanged');
      return;
    }
    const parsed = updateProfileInput.safeParse(changes);
    if (!parsed.success) {
      const issues = issuesByField(parsed.error.issues, FIELDS);
      const fields: FieldErrors<Field> = {};
      for (const field of FIELDS) if (issues[field]) fields[field] = t(`fields.${field}.invalid`);
      showErrors({ fields });
      return;
    }
    clearErrors();
    update.mutate(parsed.data, {
      onSuccess: (state) => setOutcome(changes.phone && !state.user.phoneVerified ? 'saved-new-phone' : 'saved'),
      onError: (error) => {
        const fields: FieldErrors<Field> = {};
        for (const field of fieldsOfApiError(error, FIELDS)) fields[field] = t(`fields.${field}.invalid`);
        if (error instanceof ApiClientError && error.code === 'PHONE_TAKEN') fields.phone = describeApiError(t, error).message;
        showErrors(hasFieldErrors(fields) ? { fields } : { form: describeApiError(t, error) });
      },
    });
  };

  return (
    <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
      <FormAlert error={formError} />
      {outcome === 'unchanged' && <Notice>{t('account.profile.unchanged')}</Notice>}
      {(outcome === 'saved' || outcome === 'saved-new-phone') && (
        <Notice>
          <p>{t('account.profile.saved')}</p>
          {outcome === 'saved-new-phone' && (
            <p>
              <Link to="/verify-phone">{t('account.profile.verifyNewPhone')}</Link>
            </p>
          )}
        </Notice>
      )}
      <dl className="facts">
        <dt>{t('account.profile.email')}</dt>
        <dd>
          <bdi>{user.email}</bdi>{' '}
          <span className={user.emailVerified ? 'badge badge--ok' : 'badge badge--warn'}>
            {user.emailVerified ? t('account.profile.emailVerified') : t('account.profile.emailNotVerified')}
          </span>
        </dd>
        {!user.emailVerified && (
          <dd>
            <Link to="/check-email">{t('account.profile.confirmEmail')}</Link>
          </dd>
        )}
      </dl>
      <TextField
        label={t('fields.name.label')}
        name="name"
        autoComplete="name"
        required
        maxLength={100}
        defaultValue={user.name}
        error={fieldErrors.name}
      />
      <TextField
        label={t('fields.phone.label')}
        name="phone"
        type="tel"
        autoComplete="tel"
        dir="ltr"
        required
        defaultValue={user.phone ?? ''}
        hint={
          <>
            <p>
              {t('fields.phone.hint')} <span dir="ltr">+212612345678</span>
            </p>
            <p className="field__note">{t('account.profile.phoneNote')}</p>
            <p>
              <span className={user.phoneVerified ? 'badge badge--ok' : 'badge badge--warn'}>
                {user.phoneVerified ? t('account.profile.phoneVerified') : t('account.profile.phoneNotVerified')}
              </span>
            </p>
          </>
        }
        error={fieldErrors.phone}
      />
      {user.phone && !user.phoneVerified && (
        <p className="form__aside">
          <Link to="/verify-phone">{t('account.profile.verifyPhone')}</Link>
        </p>
      )}
      <SelectField
        label={t('fields.locale.label')}
        hint={t('fields.locale.hint')}
        name="locale"
        value={locale}
        onChange={(event) => setLocale(toLocale(event.target.value))}
      >
        <LocaleOptions />
      </SelectField>
      <SubmitButton pending={update.isPending} pendingLabel={t('account.profile.submitting')}>
        {t('account.profile.submit')}
      </SubmitButton>
    </form>
  );
}
