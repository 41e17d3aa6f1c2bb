import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Spinner } from '@/components/ui/spinner';
import { formatDateTime } from '@/lib/format-date';
import { useLocale } from '@/hooks/use-locale';
import { getDocumentLink } from '../api/get-document-link';
import { useOnboarding } from '../api/get-onboarding';

/** The provider's verification status, its reason, what they may do, and their own documents. */
export function VerificationStatus() {
  const { t } = useTranslation();
  const locale = useLocale();
  const onboarding = useOnboarding();
  if (onboarding.isPending) {
    return (
      <p className="state" role="status">
        <Spinner />
        {t('kyc.onboarding.loading')}
      </p>
    );
  }
  if (onboarding.isError) {
    return (
      <div className="state state--error" role="alert">
        <p className="state__message">{t('kyc.onboarding.error')}</p>
      </div>
    );
  }
  const data = onboarding.data;
  const open = async (id: string) => {
    const { url } = await getDocumentLink(id);
    window.open(url, '_blank', 'noopener');
  };
  return (
    <div className="kyc-status">
      <dl className="facts">
        <dt>{t('kyc.statusPage.current')}</dt>
        <dd>
          <span className={`kyc-badge kyc-badge--${data.status}`} data-testid="kyc-status">
            {t(`kyc.status.${data.status}`)}
          </span>
        </dd>
        {data.reason && (
          <>
            <dt>{t('kyc.statusPage.reason')}</dt>
            <dd data-testid="kyc-reason">{data.reason}</dd>
          </>
        )}
      </dl>
      <p>{t(`kyc.statusPage.explain.${data.status}`)}</p>
      {data.submittedAt && <p>{t('kyc.statusPage.submittedAt', { date: formatDateTime(data.submittedAt, locale) })}</p>}
      {data.status === 'draft' && (
        <p>
          <Link className="button" to="/provider/onboarding">
            {t('kyc.statusPage.continue')}
          </Link>
        </p>
      )}
      {data.status === 'rejected' && (
        <p>
          <Link className="button" to="/provider/onboarding">
            {t('kyc.statusPage.fix')}
          </Link>
        </p>
      )}
      {data.documents.length > 0 && (
        <section aria-labelledby="kyc-docs-heading">
          <h2 id="kyc-docs-heading">{t('kyc.statusPage.documents')}</h2>
          <ul className="kyc-doc-list">
            {data.documents.map((doc) => (
              <li key={doc.id}>
                {t(`kyc.documentTypes.${doc.type}`)}{' '}
                <button type="button" className="link-button" onClick={() => void open(doc.id)}>
                  {t('kyc.statusPage.open')}
                  <span className="visually-hidden"> {t(`kyc.documentTypes.${doc.type}`)}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
