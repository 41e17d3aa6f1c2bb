import type { KycCase } from '@khadamat/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormAlert } from '@/components/ui/form-alert';
import { Spinner } from '@/components/ui/spinner';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextAreaField } from '@/components/ui/text-area-field';
import { describeApiError, type FormError } from '@/lib/api-error-message';
import { formatDateTime } from '@/lib/format-date';
import { useLocale } from '@/hooks/use-locale';
import { useKycCase, useKycDecision, type KycDecision } from '../api/admin-queue';

const CHECKS = ['documentsReadable', 'nameMatches', 'selfieMatches', 'notExpired'] as const;

/** One provider's file: documents side by side, the checklist, and the decisions the table allows now. */
export function AdminCase({ providerId }: { providerId: string }) {
  const { t } = useTranslation();
  const file = useKycCase(providerId);
  if (file.isPending) {
    return (
      <p className="state" role="status">
        <Spinner />
        {t('kyc.onboarding.loading')}
      </p>
    );
  }
  if (file.isError) {
    return (
      <p className="state state--error" role="alert">
        {t('kyc.onboarding.error')}
      </p>
    );
  }
  return <CaseView data={file.data} />;
}

function CaseView({ data }: { data: KycCase }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const decide = useKycDecision(data.providerId);
  const [checks, setChecks] = useState<Record<string, boolean>>({});
  const [certificate, setCertificate] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<FormError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const can = (action: string) => data.actions.includes(action as never);

  async function run(decision: KycDecision) {
    setError(null);
    setDone(null);
    try {
      const { status } = await decide.mutateAsync(decision);
      setDone(t('kyc.admin.done', { status: t(`kyc.status.${status}`) }));
      setReason('');
    } catch (cause) {
      setError(describeApiError(t, cause));
    }
  }
  function onApprove(event: FormEvent) {
    event.preventDefault();
    if (!CHECKS.every((c) => checks[c])) {
      setError({ message: t('kyc.admin.checklistIncomplete') });
      return;
    }
    void run({ action: 'approve', certificateVerified: certificate });
  }
  function onReason(event: FormEvent, action: 'reject' | 'suspend') {
    event.preventDefault();
    void run({ action, reason: reason.trim() });
  }

  return (
    <div className="kyc-case">
      <p>
        <Link to="/admin/kyc">{t('kyc.admin.back')}</Link>
      </p>
      <dl className="facts">
        <dt>{t('kyc.statusPage.current')}</dt>
        <dd>
          <span className={`kyc-badge kyc-badge--${data.status}`} data-testid="kyc-status">
            {t(`kyc.status.${data.status}`)}
          </span>
        </dd>
        <dt>{t('kyc.admin.contact')}</dt>
        <dd>
          <bdi>{data.email}</bdi> · <bdi dir="ltr">{data.phone ?? '—'}</bdi> (
          {data.phoneVerified ? t('kyc.admin.phoneVerified') : t('kyc.admin.phoneNotVerified')})
        </dd>
        {data.reason && (
          <>
            <dt>{t('kyc.statusPage.reason')}</dt>
            <dd>{data.reason}</dd>
          </>
        )}
      </dl>
      <section aria-labelledby="kyc-case-profile" className="panel">
        <h2 id="kyc-case-profile" className="panel__heading">
          {t('kyc.admin.profile')}
        </h2>
        <p>{data.profile.bio}</p>
        <p>
          {data.profile.skills.join(', ')} · {data.profile.yearsExperience} · {data.profile.businessNumber || '—'}
        </p>
      </section>
      <section aria-labelledby="kyc-case-docs" className="panel">
        <h2 id="kyc-case-docs" className="panel__heading">
          {t('kyc.admin.docsHeading')}
        </h2>
        {data.documents.length === 0 && <p>{t('kyc.admin.noDocuments')}</p>}
        <ul className="kyc-docs">
          {data.documents.map((doc) => {
            const name = t(`kyc.documentTypes.${doc.type}`);
            return (
              <li key={doc.id} className="kyc-docs__item">
                <figure>
                  {doc.mimeType.startsWith('image/') ? (
                    <img src={doc.link.url} alt={name} className="kyc-docs__image" loading="lazy" decoding="async" />
                  ) : null}
                  <figcaption>
                    <a href={doc.link.url} target="_blank" rel="noopener noreferrer">
                      {t('kyc.admin.openDocument', { document: name })}
                    </a>
                  </figcaption>
                </figure>
              </li>
            );
          })}
        </ul>
      </section>
      <FormAlert error={error} />
      <div role="status">{done}</div>
      {can('start_review') && (
        <SubmitButton
          type="button"
          pending={decide.isPending}
          pendingLabel={t('kyc.admin.working')}
          onClick={() => void run({ action: 'start-review' })}
        >
          {t('kyc.admin.startReview')}
        </SubmitButton>
      )}
      {can('approve') && (
        <form className="panel form" onSubmit={onApprove} noValidate>
          <fieldset className="fieldset">
            <legend className="field__label">{t('kyc.admin.checklist')}</legend>
            {CHECKS.map((check) => (
              <label key={check} className="checkbox">
                <input
                  type="checkbox"
                  checked={checks[check] ?? false}
                  onChange={(e) => setChecks({ ...checks, [check]: e.target.checked })}
                />{' '}
                {t(`kyc.admin.checks.${check}`)}
              </label>
            ))}
            <label className="checkbox">
              <input type="checkbox" checked={certificate} onChange={(e) => setCertificate(e.target.checked)} />{' '}
              {t('kyc.admin.certificateVerified')}
            </label>
          </fieldset>
          <SubmitButton pending={decide.isPending} pendingLabel={t('kyc.admin.working')}>
            {t('kyc.admin.approve')}
          </SubmitButton>
        </form>
      )}
      {(can('reject') || can('suspend')) && (
        <form className="panel form" onSubmit={(e) => onReason(e, can('reject') ? 'reject' : 'suspend')} noValidate>
          <TextAreaField
            label={can('reject') ? t('kyc.admin.rejectReason') : t('kyc.admin.suspendReason')}
            value={reason}
            rows={3}
            onChange={(e) => setReason(e.target.value)}
          />
          <SubmitButton variant="danger" pending={decide.isPending} pendingLabel={t('kyc.admin.working')}>
            {can('reject') ? t('kyc.admin.reject') : t('kyc.admin.suspend')}
          </SubmitButton>
        </form>
      )}
      {can('reinstate') && (
        <SubmitButton
          type="button"
          pending={decide.isPending}
          pendingLabel={t('kyc.admin.working')}
          onClick={() => void run({ action: 'reinstate' })}
        >
          {t('kyc.admin.reinstate')}
        </SubmitButton>
      )}
      <section aria-labelledby="kyc-case-history" className="panel">
        <h2 id="kyc-case-history" className="panel__heading">
          {t('kyc.admin.history')}
        </h2>
        <ul>
          {data.history.map((h) => (
            <li key={`${h.action}-${h.at}`}>
              <bdi>{h.action}</bdi> — {formatDateTime(h.at, locale)}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
