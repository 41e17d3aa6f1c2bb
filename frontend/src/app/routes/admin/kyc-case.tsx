import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { AdminCase } from '@/features/kyc/components/admin-case';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function KycCaseRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  useDocumentTitle(t('kyc.admin.queueTitle'));
  return (
    <div className="container section">
      <h1>{t('kyc.admin.queueTitle')}</h1>
      <AdminCase key={id} providerId={id} />
    </div>
  );
}
