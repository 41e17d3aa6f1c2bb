import type { PayoutOverview } from '@khadamat/contracts';
import { useTranslation } from 'react-i18next';

import { useLocale } from '@/hooks/use-locale';
import { formatMoney } from '@/lib/format-price';
import { PayoutPanel } from './payout-panel';

/** The balance in each currency: earned (available and held), cash commission owed, net, next payout. */
export function PayoutBalances({ balances }: { balances: PayoutOverview['balances'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <PayoutPanel heading={t('payouts.balances.heading')}>
      {balances.length === 0 && <p>{t('payouts.balances.empty')}</p>}
      {balances.map((b) => {
        const money = (minor: number) => formatMoney(minor, b.currency, locale);
        const rows: Array<[string, number]> = [
          [t('payouts.balances.payable'), b.payableMinor],
          [t('payouts.balances.matured'), b.maturedMinor],
          [t('payouts.balances.held'), b.heldMinor],
          [t('payouts.balances.cashOwed'), b.cashCommissionOwedMinor],
          [t('payouts.balances.net'), b.netMinor],
          [t('payouts.balances.due'), b.dueMinor],
          [t('payouts.balances.inTransit'), b.inTransitMinor],
        ];
        return (
          <table key={b.currency} className="table" data-testid={`balance-${b.currency}`}>
            <caption>{t('payouts.balances.caption', { currency: b.currency })}</caption>
            <tbody>
              {rows.map(([label, minor]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{money(minor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </PayoutPanel>
  );
}
