import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Spinner } from '@/components/ui/spinner';
import { useFocusOnMount } from '@/hooks/use-focus-on-mount';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { useSession } from '@/lib/auth';
import { useVerifyEmail } from '../api/verify-email';

/** Codes that mean "this link will never work": show the invalid-link message, not a retry. */
const DEAD_LINK_CODES = new Set(['TOKEN_INVALID', 'VALIDATION_FAILED']);

/** Opens the link from the confirmation mail: sends its token once and says how it went. */
export function EmailVerification({ token }: { token: string | null }) {
  const { t } = useTranslation();
  const session = useSession();
  const { mutate, status, error, reset } = useVerifyEmail();
  const focusRef = useFocusOnMount<HTMLHeadingElement>();
  // The token works once: never send it twice (StrictMode runs effects twice in development).
  const sent = useRef(false);

  useEffect(() => {
    // Wait for the session, whose CSRF token a signed-in browser must send along.
    if (!token || session.isPending || sent.current) return;
    sent.current = true;
    mutate(token);
  }, [token, session.isPending, mutate]);

  const signedIn = Boolean(session.data);
  const continueLink = signedIn ? (
    <Link to="/account" className="button">
      {t('verifyEmail.toAccount')}
    </Link>
  ) : (
    <Link to="/sign-in" className="button">
      {t('verifyEmail.toSignIn')}
    </Link>
  );

  if (status === 'success') {
    return (
      <div className="result result--success">
        <h1 ref={focusRef} tabIndex={-1}>
          {t('verifyEmail.successHeading')}
        </h1>
        <p>{t('verifyEmail.successBody')}</p>
        {continueLink}
      </div>
    );
  }

  const deadLink = !token || (error instanceof ApiClientError && DEAD_LINK_CODES.has(error.code));
  if (deadLink) {
    return (
      <div className="result result--error">
        <h1 ref={focusRef} tabIndex={-1}>
          {t('verifyEmail.failureHeading')}
        </h1>
        <p>{t('verifyEmail.failureBody')}</p>
        {signedIn ? (
          <>
            <p>{t('verifyEmail.failureSignedIn')}</p>
            <Link to="/check-email" className="button">
              {t('verifyEmail.requestNew')}
            </Link>
          </>
        ) : (
          <>
            <p>{t('verifyEmail.failureSignedOut')}</p>
            {continueLink}
          </>
        )}
      </div>
    );
  }

  if (status === 'error') {
    const { message, requestId } = describeApiError(t, error);
    return (
      <div className="result">
        <h1>{t('verifyEmail.heading')}</h1>
        <div className="state state--error" role="alert">
          <p className="state__message">{message}</p>
          {requestId && (
            <p className="state__detail">
              {t('common.errorReference')} <bdi>{requestId}</bdi>
            </p>
          )}
          <button
            type="button"
            className="button"
            onClick={() => {
              reset();
              if (token) mutate(token);
            }}
          >
            {t('common.retry')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="result">
      <h1>{t('verifyEmail.heading')}</h1>
      <p className="state" role="status">
        <Spinner />
        {t('verifyEmail.checking')}
      </p>
    </div>
  );
}
