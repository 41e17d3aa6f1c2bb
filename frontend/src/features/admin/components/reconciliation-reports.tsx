import type { ReconciliationReport } from '@khadamat/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { LoadState } from '@/components/ui/load-state';
import { SubmitButton } from '@/components/ui/submit-button';
import { useLocale } from '@/hooks/use-locale';
import { describeApiError } from '@/lib/api-error-message';
import { formatDateTime } from '@/lib/format-date';
import { formatMoney } from '@/lib/format-price';
import { useReconciliationReports, useRerunReconciliation } from '../api/reconciliation';

/** The daily reconciliation reports: each day's counts and differences, and a re-run. */
export function ReconciliationReports() {
  const { t } = useTranslation();
  const reports = useReconciliationReports();
  const rerun = useRerunReconciliation();
  if (!reports.data) {
    return <LoadState error={reports.error} message={t('payments.reconciliation.error')} retry={() => void reports.refetch()} />;
  }
  return (
    <>
      {rerun.isError && <FormAlert error={describeApiError(t, rerun.error)} />}
      {reports.data.reports.length === 0 && <p>{t('payments.reconciliation.empty')}</p>}
      {reports.data.reports.map((report) => (
        <DayReport key={report.day} report={report} rerun={rerun} />
      ))}
    </>
  );
}

function DayReport({ report, rerun }: { report: ReconciliationReport; rerun: ReturnType<typeof useRerunReconciliation> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const headingId = useId();
  const money = (minor: number | null, currency: string) =>
    minor === null ? t('payments.reconciliation.none') : formatMoney(minor, currency, locale);
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__heading">
        {report.day}
        {' · '}
        {report.differences === 0
          ? t('payments.reconciliation.matched')
          : t('payments.reconciliation.differences', { count: report.differences })}
      </h2>
      <p>
        {t('payments.reconciliation.counts', { stripe: report.stripeCount, ledger: report.ledgerCount })}
        {' · '}
        {t('payments.reconciliation.ranAt', { date: formatDateTime(report.ranAt, locale) })}
      </p>
      {report.lines.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{report.day}</caption>
          <thead>
            <tr>
              <th scope="col">{t('payments.reconciliation.kind')}</th>
              <th scope="col">{t('payments.reconciliation.key')}</th>
              <th scope="col">{t('payments.reconciliation.stripeAmount')}</th>
              <th scope="col">{t('payments.reconciliation.ledgerAmount')}</th>
            </tr>
          </thead>
          <tbody>
            {report.lines.map((line) => (
              <tr key={`${line.kind}:${line.key}`}>
                <td>{t(`payments.reconciliation.kinds.${line.kind}`)}</td>
                <td>
                  <code dir="ltr">{line.key}</code>
                </td>
                <td>{money(line.stripeAmountMinor, line.currency)}</td>
                <td>{money(line.ledgerAmountMinor, line.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SubmitButton
        type="button"
        variant="secondary"
        pending={rerun.isPending && rerun.variables === report.day}
        pendingLabel={t('payments.reconciliation.rerunning')}
        onClick={() => rerun.mutate(report.day)}
      >
        {t('payments.reconciliation.rerun')}
      </SubmitButton>
    </section>
  );
}
