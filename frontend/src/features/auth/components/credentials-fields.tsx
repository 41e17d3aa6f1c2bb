import { useTranslation } from 'react-i18next';
import { TextField } from '@/components/ui/text-field';
import type { FieldErrors } from '@/lib/form-errors';
import type { CredentialsField } from '../hooks/use-credentials-sign-in';

/** The email and password inputs of a sign-in form, with their errors. */
export function CredentialsFields({ errors }: { errors: FieldErrors<CredentialsField> }) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t('fields.email.label')}
        name="email"
        type="email"
        autoComplete="username"
        dir="ltr"
        required
        error={errors.email}
      />
      <TextField
        label={t('fields.password.label')}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.password}
      />
    </>
  );
}
