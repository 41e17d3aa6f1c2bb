import { useEffect } from 'react';
import { APP_NAME } from '@/lib/i18n/i18n';

/** Sets `document.title` to "<page> · Khadamat" (or just the platform name). */
export function useDocumentTitle(pageTitle?: string): void {
  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} · ${APP_NAME}` : APP_NAME;
  }, [pageTitle]);
}
