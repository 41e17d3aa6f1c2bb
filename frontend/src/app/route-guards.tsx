import type { SessionState } from '@khadamat/contracts';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useOutletContext } from 'react-router';
import { Spinner } from '@/components/ui/spinner';
import { needsSecondFactor, useSession } from '@/lib/auth';

function SessionLoading() {
  const { t } = useTranslation();
  return (
    <div className="container section">
      <p className="state" role="status">
        <Spinner />
        {t('common.sessionLoading')}
      </p>
    </div>
  );
}

function SessionError({ retry }: { retry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="container section">
      <div className="state state--error" role="alert">
        <p className="state__message">{t('common.sessionError')}</p>
        <button type="button" className="button" onClick={retry}>
          {t('common.retry')}
        </button>
      </div>
    </div>
  );
}

/** Pages for signed-in members: others go to the sign-in page, and come back here after. */
export function RequireSession() {
  const location = useLocation();
  const session = useSession();

  if (session.isPending) return <SessionLoading />;
  if (session.isError) return <SessionError retry={() => void session.refetch()} />;
  if (!session.data) {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  // An admin halfway through signing in may do nothing else until the second factor passes.
  if (needsSecondFactor(session.data)) return <Navigate to="/admin/sign-in" replace />;
  return <Outlet context={session.data satisfies SessionState} />;
}

/** The admin area: admins who passed their second factor; everyone else goes to the admin sign-in. */
export function RequireAdmin() {
  const session = useSession();

  if (session.isPending) return <SessionLoading />;
  if (session.isError) return <SessionError retry={() => void session.refetch()} />;
  if (!session.data || session.data.user.role !== 'admin' || session.data.mfa !== 'verified') {
    return <Navigate to="/admin/sign-in" replace />;
  }
  return <Outlet context={session.data satisfies SessionState} />;
}

/** Provider pages: signed-out people sign in first; clients and admins go home. */
export function RequireProvider() {
  const location = useLocation();
  const session = useSession();

  if (session.isPending) return <SessionLoading />;
  if (session.isError) return <SessionError retry={() => void session.refetch()} />;
  if (!session.data) {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  if (needsSecondFactor(session.data)) return <Navigate to="/admin/sign-in" replace />;
  if (session.data.user.role !== 'provider') return <Navigate to="/" replace />;
  return <Outlet context={session.data satisfies SessionState} />;
}

/** The session of the signed-in user, inside RequireSession or RequireAdmin. */
export function useSignedInSession(): SessionState {
  return useOutletContext<SessionState>();
}
