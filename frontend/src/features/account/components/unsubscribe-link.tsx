import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormAlert } from '@/components/ui/form-alert';
import { Spinner } from '@/components/ui/spinner';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFocusOnMount } from '@/hooks/use-focus-on-mount';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { useUnsubscribe, useUnsubscribeState } from '../api/unsubscribe';

/**
 * The page of a notice mail's "stop these emails" link: says what it turns off and asks
 * first (a link scanner opening it changes nothing), then confirms. Mail apps that show
 * their own unsubscribe button post to the API directly.
 */
export function UnsubscribeLink({ token }: { token: string | null }) {
  const { t } = useTranslation();
  const state = useUnsubscribeState(token);
  const unsubscribe = useUnsubscribe(token ?? '');
  const focusRef = useFocusOnMount<HTMLHeadingElement>();

  const invalid =
    !token || (state.error instanceof ApiClientError && ['UNSUBSCRIBE_LINK_INVALID', 'VALIDATION_FAILED'].includes(state.error.code));
  if (invalid) {
    return (
      <div className="result result--error">
        <h1 ref={focusRef} tabIndex={-1}>
          {t('notices.unsubscribe.invalidHeading')}
        </h1>
        <p>{t('notices.unsubscribe.invalidBody')}</p>
        <Link to="/account" className="button">
          {t('notices.unsubscribe.toAccount')}
        </Link>
      </div>
    );
  }
  if (state.isPending) {
    return (
      <div className="result">
        <h1>{t('notices.unsubscribe.heading')}</h1>
        <p className="state" role="status">
          <Spinner />
          {t('notices.unsubscribe.loading')}
        </p>
      </div>
    );
  }
  if (state.error) return <FormAlert error={describeApiError(t, state.error)} />;

  const event = t(`notices.events.${state.data.event}`);
  if (!state.data.subscribed) {
    return (
      <div className="result result--success">
        <h1 ref={focusRef} tabIndex={-1}>
          {t('notices.unsubscribe.doneHeading')}
        </h1>
        <p role="status">
          {unsubscribe.isSuccess ? t('notices.unsubscribe.doneBody', { event }) : t('notices.unsubscribe.already', { event })}
        </p>
        <p>{t('notices.unsubscribe.changeLater')}</p>
        <Link to="/account" className="button button--secondary">
          {t('notices.unsubscribe.toAccount')}
        </Link>
      </div>
    );
  }
  return (
    <div className="result">
      <h1 ref={focusRef} tabIndex={-1}>
        {t('notices.unsubscribe.heading')}
      </h1>
      <p>{t('notices.unsubscribe.body', { event })}</p>
      <FormAlert error={unsubscribe.error ? describeApiError(t, unsubscribe.error) : null} />
      <SubmitButton
        type="button"
        pending={unsubscribe.isPending}
        pendingLabel={t('notices.unsubscribe.pending')}
        onClick={() => unsubscribe.mutate()}
      >
        {t('notices.unsubscribe.confirm')}
      </SubmitButton>
    </div>
  );
}
