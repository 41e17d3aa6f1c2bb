import { useTranslation } from 'react-i18next';
import { AdminQueue } from '@/features/kyc/components/admin-queue';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function KycQueueRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('kyc.admin.queueTitle'));
  return (
    <div className="container section">
      <h1>{t('kyc.admin.queueTitle')}</h1>
      <AdminQueue />
    </div>
  );
}
