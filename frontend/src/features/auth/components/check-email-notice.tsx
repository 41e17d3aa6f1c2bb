import type { PublicUser } from '@khadamat/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormAlert } from '@/components/ui/form-alert';
import { Notice } from '@/components/ui/notice';
import { SubmitButton } from '@/components/ui/submit-button';
import { describeApiError } from '@/lib/api-error-message';
import { useResendEmailVerification } from '../api/resend-email-verification';

interface CheckEmailNoticeProps {
  user: PublicUser;
  /** Just signed up: say welcome. */
  welcome: boolean;
}

/** Where a new account lands: check the mail, and verify the phone meanwhile. */
export function CheckEmailNotice({ user, welcome }: CheckEmailNoticeProps) {
  const { t } = useTranslation();
  const resend = useResendEmailVerification();

  return (
    <>
      {welcome && <p className="lead">{t('checkEmail.welcome', { name: user.name })}</p>}
      <section className="panel" aria-labelledby="check-email-heading">
        <h2 id="check-email-heading" className="panel__heading">
          {t('checkEmail.heading')}
        </h2>
        {user.emailVerified ? (
          <p>{t('checkEmail.alreadyVerified')}</p>
        ) : (
          <>
            <p>
              {t('checkEmail.body')}{' '}
              <strong>
                <bdi>{user.email}</bdi>
              </strong>
              . {t('checkEmail.bodyEnd')}
            </p>
            <p>{t('checkEmail.notReceived')}</p>
            {resend.isSuccess && <Notice>{t('checkEmail.resent')}</Notice>}
            <FormAlert error={resend.isError ? describeApiError(t, resend.error) : null} />
            <SubmitButton
              type="button"
              variant="secondary"
              pending={resend.isPending}
              pendingLabel={t('checkEmail.resending')}
              onClick={() => resend.mutate()}
            >
              {t('checkEmail.resend')}
            </SubmitButton>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="check-phone-heading">
        <h2 id="check-phone-heading" className="panel__heading">
          {t('checkEmail.phoneHeading')}
        </h2>
        {user.phoneVerified ? (
          <p>{t('checkEmail.phoneVerified')}</p>
        ) : (
          <>
            <p>{t('checkEmail.phoneBody')}</p>
            <Link to="/verify-phone" className="button">
              {t('checkEmail.phoneLink')}
            </Link>
          </>
        )}
      </section>
    </>
  );
}
