import type { KycOnboarding, OnboardingStep } from '@khadamat/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Spinner } from '@/components/ui/spinner';
import { useOnboarding } from '../api/get-onboarding';
import { IdentityStep } from './identity-step';
import { ProfessionalStep } from './professional-step';
import { ProfileStep } from './profile-step';
import { ReviewStep } from './review-step';

type WizardStep = OnboardingStep | 'review';
const STEPS: readonly WizardStep[] = ['profile', 'identity', 'professional', 'payout', 'review'];

/** Where a returning provider resumes: the first step not done yet (payout is not theirs to do yet). */
function resumeAt(onboarding: KycOnboarding): WizardStep {
  return (
    STEPS.find((step) => step !== 'payout' && step !== 'professional' && step !== 'review' && !onboarding.completedSteps.includes(step)) ??
    'review'
  );
}

/** The resumable onboarding: one step at a time, each saved on the server as it is done. */
export function OnboardingWizard() {
  const { t } = useTranslation();
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
        <button type="button" className="button" onClick={() => void onboarding.refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  const data = onboarding.data;
  const editable = data.status === 'draft' || data.status === 'rejected';
  if (!editable) {
    return (
      <div className="alert">
        <p className="alert__message">{t('kyc.onboarding.locked', { status: t(`kyc.status.${data.status}`) })}</p>
        <p>
          <Link to="/provider/verification">{t('kyc.onboarding.seeStatus')}</Link>
        </p>
      </div>
    );
  }
  return <Steps data={data} />;
}

function Steps({ data }: { data: KycOnboarding }) {
  const { t } = useTranslation();
  // Where to resume is decided once, on arrival; after that the provider moves on.
  const [step, setStep] = useState<WizardStep>(() => resumeAt(data));
  const index = STEPS.indexOf(step);
  const go = (next: WizardStep) => {
    setStep(next);
    window.scrollTo({ top: 0 });
  };
  const next = () => go(STEPS[Math.min(index + 1, STEPS.length - 1)]!);

  return (
    <div className="kyc-wizard">
      <nav aria-label={t('kyc.onboarding.stepsLabel')}>
        <ol className="kyc-steps">
          {STEPS.map((s, i) => {
            const done = s !== 'review' && data.completedSteps.includes(s);
            return (
              <li key={s} className={s === step ? 'kyc-steps__item kyc-steps__item--current' : 'kyc-steps__item'}>
                <button type="button" className="link-button" aria-current={s === step ? 'step' : undefined} onClick={() => go(s)}>
                  {i + 1}. {t(`kyc.onboarding.steps.${s}`)}
                  {done && <span className="kyc-steps__done"> ({t('kyc.onboarding.stepDone')})</span>}
                </button>
              </li>
            );
          })}
        </ol>
      </nav>
      <section aria-labelledby="kyc-step-heading" className="panel">
        <h2 id="kyc-step-heading" className="panel__heading">
          {t(`kyc.onboarding.steps.${step}`)}
        </h2>
        {step === 'profile' && <ProfileStep onboarding={data} onDone={next} />}
        {step === 'identity' && <IdentityStep onboarding={data} onDone={next} />}
        {step === 'professional' && <ProfessionalStep onboarding={data} onDone={next} />}
        {step === 'payout' && (
          <>
            <p>{t('kyc.payout.intro')}</p>
            <button type="button" className="button" onClick={next}>
              {t('kyc.onboarding.next')}
            </button>
          </>
        )}
        {step === 'review' && <ReviewStep onboarding={data} />}
      </section>
    </div>
  );
}
