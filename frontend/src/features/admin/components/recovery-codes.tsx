import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFocusOnMount } from '@/hooks/use-focus-on-mount';

interface RecoveryCodesProps {
  codes: readonly string[];
  onDone: () => Promise<void>;
}

/** The recovery codes, shown this once; the admin confirms having saved them to go on. */
export function RecoveryCodes({ codes, onDone }: RecoveryCodesProps) {
  const { t } = useTranslation();
  const [finishing, setFinishing] = useState(false);
  const focusRef = useFocusOnMount<HTMLHeadingElement>();

  return (
    <section className="panel" aria-labelledby="recovery-codes-heading">
      <h2 id="recovery-codes-heading" ref={focusRef} tabIndex={-1} className="panel__heading">
        {t('admin.recovery.heading')}
      </h2>
      <p>{t('admin.recovery.intro')}</p>
      <ul className="recovery-codes" aria-label={t('admin.recovery.listLabel')} dir="ltr">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <SubmitButton
        type="button"
        pending={finishing}
        pendingLabel={t('admin.recovery.finishing')}
        onClick={() => {
          setFinishing(true);
          void onDone().finally(() => setFinishing(false));
        }}
      >
        {t('admin.recovery.done')}
      </SubmitButton>
    </section>
  );
}
