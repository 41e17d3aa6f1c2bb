import type { PayoutBatch } from '@khadamat/contracts';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { LoadState } from '@/components/ui/load-state';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useLocale } from '@/hooks/use-locale';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { formatDateTime } from '@/lib/format-date';
import { formatMoney } from '@/lib/format-price';
import { batchFileUrl, useCreateBatch, useMarkLine, usePayoutBatches, useRunPayouts } from '../api/payout-batches';

type Line = PayoutBatch['lines'][number];

/** The bank's answer for one pending line: paid, or failed with a reason. */
function LineActions({ batchId, line }: { batchId: string; line: Line }) {
  const { t } = useTranslation();
  const mark = useMarkLine();
  const [failing, setFailing] = useState(false);
  const [reason, setReason] = useState('');
  if (line.status !== 'pending') return null;
  const onFail = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) mark.mutate({ batchId, lineId: line.id, answer: { status: 'failed', reason: reason.trim() } });
  };
  const settled = mark.error instanceof ApiClientError && mark.error.code === 'PAYOUT_LINE_SETTLED';
  return (
    <div className="actions">
      {mark.isError && <FormAlert error={settled ? { message: t('payouts.admin.settled') } : describeApiError(t, mark.error)} />}
      <SubmitButton
        type="button"
        pending={mark.isPending}
        pendingLabel={t('common.loading')}
        onClick={() => mark.mutate({ batchId, lineId: line.id, answer: { status: 'paid' } })}
      >
        {t('payouts.admin.markPaid')}
      </SubmitButton>
      {failing ? (
        <form onSubmit={onFail}>
          <TextField
            label={t('payouts.admin.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={200}
            required
          />
          <SubmitButton variant="danger" pending={mark.isPending} pendingLabel={t('common.loading')}>
            {t('payouts.admin.confirmFailed')}
          </SubmitButton>
        </form>
      ) : (
        <button type="button" className="button button--secondary" onClick={() => setFailing(true)}>
          {t('payouts.admin.markFailed')}
        </button>
      )}
    </div>
  );
}

/** The bank-transfer batches: run the payouts, make a batch, download its file, mark its lines. */
export function PayoutBatches() {
  const { t } = useTranslation();
  const locale = useLocale();
  const batches = usePayoutBatches();
  const run = useRunPayouts();
  const create = useCreateBatch();
  const headingPrefix = useId();
  if (!batches.data) return <LoadState error={batches.error} message={t('payouts.admin.loadError')} retry={() => void batches.refetch()} />;
  const empty = create.error instanceof ApiClientError && create.error.code === 'PAYOUT_BATCH_EMPTY';
  return (
    <>
      <section className="panel">
        <p role="status">{t('payouts.admin.waiting', { count: batches.data.waiting })}</p>
        {run.isSuccess && <p role="status">{t('payouts.admin.ran', run.data)}</p>}
        {run.isError && <FormAlert error={describeApiError(t, run.error)} />}
        {create.isError && <FormAlert error={empty ? { message: t('payouts.admin.nothingWaiting') } : describeApiError(t, create.error)} />}
        <div className="actions">
          <SubmitButton
            type="button"
            variant="secondary"
            pending={run.isPending}
            pendingLabel={t('payouts.admin.running')}
            onClick={() => run.mutate()}
          >
            {t('payouts.admin.run')}
          </SubmitButton>
          <SubmitButton type="button" pending={create.isPending} pendingLabel={t('payouts.admin.creating')} onClick={() => create.mutate()}>
            {t('payouts.admin.create')}
          </SubmitButton>
        </div>
      </section>
      {batches.data.batches.length === 0 && <p>{t('payouts.admin.empty')}</p>}
      {batches.data.batches.map((batch) => {
        const headingId = `${headingPrefix}-${batch.id}`;
        return (
          <section key={batch.id} className="panel" aria-labelledby={headingId}>
            <h2 id={headingId} className="panel__heading">
              {t('payouts.admin.batch', { date: formatDateTime(batch.createdAt, locale), ref: batch.id.slice(-6).toUpperCase() })}
            </h2>
            <p>
              <a href={batchFileUrl(batch.id)} download>
                {t('payouts.admin.download')}
              </a>
            </p>
            <table className="table" aria-labelledby={headingId}>
              <thead>
                <tr>
                  <th scope="col">{t('payouts.admin.provider')}</th>
                  <th scope="col">{t('payouts.admin.iban')}</th>
                  <th scope="col">{t('payouts.admin.amount')}</th>
                  <th scope="col">{t('payouts.admin.status')}</th>
                  <th scope="col">{t('payouts.admin.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {batch.lines.map((line) => (
                  <tr key={line.id}>
                    <td>{line.providerName}</td>
                    <td dir="ltr">{line.ibanMasked}</td>
                    <td>{formatMoney(line.amountMinor, line.currency, locale)}</td>
                    <td>
                      {t(`payouts.list.statuses.${line.status}`)}
                      {line.failureReason && <> — {t('payouts.list.reason', { reason: line.failureReason })}</>}
                    </td>
                    <td>
                      <LineActions batchId={batch.id} line={line} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </>
  );
}
