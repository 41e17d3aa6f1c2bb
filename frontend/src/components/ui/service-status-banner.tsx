import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiClientError } from '@/lib/api-client';

const unavailable = (error: unknown) => error instanceof ApiClientError && error.temporarilyUnavailable;

/**
 * A calm "temporarily unavailable, retrying" line while any page data fails because the
 * API said a dependency is down (503/507 with a code): the query cache asks again on its
 * own (after the API's Retry-After), and the line goes once an answer arrives.
 */
export function ServiceStatusBanner() {
  const { t } = useTranslation();
  const cache = useQueryClient().getQueryCache();
  const subscribe = useCallback((onChange: () => void) => cache.subscribe(onChange), [cache]);
  const show = useSyncExternalStore(
    subscribe,
    () => cache.getAll().some((query) => unavailable(query.state.status === 'error' ? query.state.error : query.state.fetchFailureReason)),
    () => false,
  );
  if (!show) return null;
  return (
    <div className="container">
      <p className="alert alert--warning" role="status">
        {t('common.unavailable')}
      </p>
    </div>
  );
}
