import { useTranslation } from 'react-i18next';
import { VerificationStatus } from '@/features/kyc/components/verification-status';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function VerificationRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('kyc.statusPage.title'));
  return (
    <div className="container section">
      <h1>{t('kyc.statusPage.heading')}</h1>
      <VerificationStatus />
    </div>
  );
}
