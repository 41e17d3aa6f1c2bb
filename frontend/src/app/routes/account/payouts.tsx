import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LoadState } from '@/components/ui/load-state';
import { usePayoutOverview } from '@/features/payouts/api/payouts';
import { PayoutBalances } from '@/features/payouts/components/payout-balances';
import { PayoutList } from '@/features/payouts/components/payout-list';
import { BankAccountForm, ConnectOnboarding, PayoutRailStatus } from '@/features/payouts/components/payout-rail';
import { StatementLinks } from '@/features/payouts/components/statement-links';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useLocale } from '@/hooks/use-locale';
import { formatMoney } from '@/lib/format-price';

/** `/account/payouts`: the provider's balance, how they are paid (Connect or bank transfer), payouts and statements. */
export function PayoutsRoute() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [params] = useSearchParams();
  const overview = usePayoutOverview();
  useDocumentTitle(t('payouts.title'));
  const onboarding = params.get('onboarding');
  const notice = onboarding === 'return' || onboarding === 'refresh' ? onboarding : null;
  return (
    <div className="container section narrow">
      <p>
        <Link to="/account">{t('payouts.back')}</Link>
      </p>
      <h1 className="section__heading">{t('payouts.title')}</h1>
      {!overview.data ? (
        <LoadState error={overview.error} message={t('payouts.loadError')} retry={() => void overview.refetch()} />
      ) : (
        <>
          <p>
            {t('payouts.intro', {
              days: overview.data.holdDays,
              minimum: formatMoney(overview.data.minimumMinor, overview.data.balances[0]?.currency ?? 'MAD', locale),
            })}
          </p>
          <PayoutBalances balances={overview.data.balances} />
          <PayoutRailStatus account={overview.data.account} />
          {overview.data.rails.map((rail) =>
            rail === 'connect' ? (
              <ConnectOnboarding key={rail} account={overview.data.account} notice={notice} />
            ) : (
              <BankAccountForm key={rail} account={overview.data.account} />
            ),
          )}
          <PayoutList payouts={overview.data.payouts} />
          <StatementLinks />
        </>
      )}
    </div>
  );
}

export default PayoutsRoute;
