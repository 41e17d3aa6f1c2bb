import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FormAlert } from '@/components/ui/form-alert';
import { Notice } from '@/components/ui/notice';
import { Spinner } from '@/components/ui/spinner';
import { SubmitButton } from '@/components/ui/submit-button';
import { useLocale } from '@/hooks/use-locale';
import { describeApiError } from '@/lib/api-error-message';
import { leaveThenForgetSession, useSignOut } from '@/lib/auth';
import { formatDateTime } from '@/lib/format-date';
import { useSessions, type SessionSummary } from '../api/get-sessions';
import { useRevokeSession } from '../api/revoke-session';
import { useSignOutEverywhere } from '../api/sign-out-everywhere';
import { describeUserAgent } from '../utils/describe-user-agent';

/** The user's open sessions, each with a way to end it, and a way to end them all. */
export function SessionList({ labelledBy }: { labelledBy: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const signOut = useSignOut();
  const everywhere = useSignOutEverywhere();
  const listRef = useRef<HTMLUListElement>(null);

  if (sessions.isPending) {
    return (
      <p className="state" role="status">
        <Spinner />
        {t('account.sessions.loading')}
      </p>
    );
  }

  if (sessions.isError) {
    return (
      <div className="state state--error" role="alert">
        <p className="state__message">{t('account.sessions.error')}</p>
        <button type="button" className="button" onClick={() => void sessions.refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }

  const onSignOutEverywhere = () =>
    everywhere.mutate(undefined, {
      onSuccess: () => leaveThenForgetSession({ navigate, queryClient, to: '/', replace: true }),
    });

  const actionError = revoke.error ?? signOut.error ?? everywhere.error;

  return (
    <>
      {revoke.isSuccess && <Notice>{t('account.sessions.revoked')}</Notice>}
      <FormAlert error={actionError ? describeApiError(t, actionError) : null} />
      <ul ref={listRef} className="session-list" aria-labelledby={labelledBy} tabIndex={-1}>
        {sessions.data.map((session) => (
          <SessionItem
            key={session.id}
            session={session}
            pending={(revoke.isPending && revoke.variables === session.id) || (session.current && signOut.isPending)}
            onSignOut={() => {
              if (session.current) signOut.mutate();
              // The button goes away with its session: keep focus in the list.
              else revoke.mutate(session.id, { onSuccess: () => listRef.current?.focus() });
            }}
          />
        ))}
      </ul>
      <div className="panel__actions">
        <SubmitButton
          type="button"
          variant="secondary"
          pending={everywhere.isPending}
          pendingLabel={t('account.sessions.signingOut')}
          onClick={onSignOutEverywhere}
        >
          {t('account.sessions.everywhere')}
        </SubmitButton>
        <p className="field__hint">{t('account.sessions.everywhereHint')}</p>
      </div>
    </>
  );
}

interface SessionItemProps {
  session: SessionSummary;
  pending: boolean;
  onSignOut: () => void;
}

function SessionItem({ session, pending, onSignOut }: SessionItemProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const deviceId = `session-${session.id}`;
  const device = describeUserAgent(session.userAgent) ?? t('account.sessions.unknownDevice');

  return (
    <li className={session.current ? 'session-item session-item--current' : 'session-item'}>
      <div className="session-item__details">
        <p className="session-item__device" id={deviceId}>
          <bdi>{device}</bdi>
          {session.current && <span className="badge badge--ok">{t('account.sessions.current')}</span>}
        </p>
        <dl className="session-item__facts">
          <div>
            <dt>{t('account.sessions.ip')}</dt>
            <dd>
              <bdi>{session.ip}</bdi>
            </dd>
          </div>
          <div>
            <dt>{t('account.sessions.createdAt')}</dt>
            <dd>
              <time dateTime={session.createdAt}>{formatDateTime(session.createdAt, locale)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('account.sessions.lastSeenAt')}</dt>
            <dd>
              <time dateTime={session.lastSeenAt}>{formatDateTime(session.lastSeenAt, locale)}</time>
            </dd>
          </div>
        </dl>
      </div>
      <button
        type="button"
        className="button button--secondary"
        disabled={pending}
        aria-busy={pending || undefined}
        aria-describedby={deviceId}
        onClick={onSignOut}
      >
        {pending ? t('account.sessions.signingOut') : t('account.sessions.signOut')}
      </button>
    </li>
  );
}
