import { useTranslation } from 'react-i18next';
import { OnboardingWizard } from '@/features/kyc/components/onboarding-wizard';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function OnboardingRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('kyc.onboarding.title'));
  return (
    <div className="container section">
      <h1>{t('kyc.onboarding.heading')}</h1>
      <p className="lead">{t('kyc.onboarding.intro')}</p>
      <OnboardingWizard />
    </div>
  );
}
