import { useTranslation } from 'react-i18next';

import { useLocale } from '@/hooks/use-locale';
import { formatMonthYear } from '@/lib/format-date';
import { PayoutPanel } from './payout-panel';

/** The last twelve complete months, newest first, as `YYYY-MM`. */
export function lastMonths(now: Date, count = 12): string[] {
  return Array.from({ length: count }, (_, i) => {
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1 - i, 1));
    return month.toISOString().slice(0, 7);
  });
}

/** Links to the monthly statements (PDF, in the member's language). */
export function StatementLinks() {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <PayoutPanel heading={t('payouts.statements.heading')}>
      <p>{t('payouts.statements.intro')}</p>
      <ul>
        {lastMonths(new Date()).map((month) => (
          <li key={month}>
            <a href={`/api/me/statements/${month}.pdf`}>
              {t('payouts.statements.month', { month: formatMonthYear(`${month}-15T12:00:00Z`, locale) })}
            </a>
          </li>
        ))}
      </ul>
    </PayoutPanel>
  );
}
