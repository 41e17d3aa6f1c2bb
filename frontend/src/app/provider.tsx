import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { Locale } from '@khadamat/contracts';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { i18nFor } from '@/lib/i18n/i18n';

/** What every page needs: the language of its URL and the query cache (one per request on the server). */
export function AppProvider({ locale, queryClient, children }: { locale: Locale; queryClient: QueryClient; children: ReactNode }) {
  return (
    <I18nextProvider i18n={i18nFor(locale)}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </I18nextProvider>
  );
}
