import { CONNECT_COUNTRIES, compactIban, isPayableIban, type PayoutOverview } from '@khadamat/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { FormAlert } from '@/components/ui/form-alert';
import { SelectField } from '@/components/ui/select-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useLocale } from '@/hooks/use-locale';
import { ApiClientError } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-error-message';
import { useSetBankAccount, useStartOnboarding } from '../api/payouts';
import { disabledReasonWords, requirementWords } from './requirement-words';
import { PayoutPanel } from './payout-panel';

type Account = PayoutOverview['account'];

/** How the provider is paid and whether it works now. */
export function PayoutRailStatus({ account }: { account: Account }) {
  const { t } = useTranslation();
  const connect = account?.rail === 'connect' ? account.connect : null;
  return (
    <PayoutPanel heading={t('payouts.rail.heading')}>
      {!account ? (
        <p>{t('payouts.rail.none')}</p>
      ) : (
        <>
          <p>
            <strong>{t(`payouts.rail.${account.rail}`)}</strong> — {t(account.ready ? 'payouts.rail.ready' : 'payouts.rail.notReady')}
          </p>
          {account.rail === 'bank' && account.ibanMasked && <p>{t('payouts.bank.current', { iban: account.ibanMasked })}</p>}
          {connect?.disabledReason && <p>{disabledReasonWords(t, connect.disabledReason)}</p>}
          {connect && connect.pastDue.length > 0 && (
            <>
              <h3>{t('payouts.connect.pastDueHeading')}</h3>
              <ul>
                {requirementWords(t, connect.pastDue).map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          )}
          {connect && connect.currentlyDue.length > 0 && (
            <>
              <h3>{t('payouts.connect.requirementsHeading')}</h3>
              <ul>
                {requirementWords(t, connect.currentlyDue).map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </PayoutPanel>
  );
}

/** Stripe Connect: a country, then Stripe's hosted onboarding (again, to continue it). */
export function ConnectOnboarding({ account, notice }: { account: Account; notice: 'return' | 'refresh' | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const start = useStartOnboarding();
  const [country, setCountry] = useState(account?.rail === 'connect' ? account.country : 'FR');
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({ locale, country }, { onSuccess: ({ url }) => window.location.assign(url) });
  };
  const unavailable = start.error instanceof ApiClientError && start.error.code === 'PAYOUT_RAIL_UNAVAILABLE';
  const begun = account?.connect !== null && account?.connect !== undefined;
  return (
    <PayoutPanel heading={t('payouts.connect.heading')}>
      <p>{t('payouts.connect.intro')}</p>
      {notice === 'return' && <p role="status">{t('payouts.connect.returned')}</p>}
      {notice === 'refresh' && <p role="status">{t('payouts.connect.refresh')}</p>}
      {start.isError && (
        <FormAlert error={unavailable ? { message: t('payouts.connect.unavailable') } : describeApiError(t, start.error)} />
      )}
      <form onSubmit={onSubmit}>
        <SelectField label={t('payouts.connect.country')} value={country} onChange={(e) => setCountry(e.target.value)}>
          {CONNECT_COUNTRIES.map((code) => (
            <option key={code} value={code}>
              {names.of(code) ?? code}
            </option>
          ))}
        </SelectField>
        <SubmitButton pending={start.isPending || start.isSuccess} pendingLabel={t('payouts.connect.pending')}>
          {t(begun ? 'payouts.connect.continue' : 'payouts.connect.start')}
        </SubmitButton>
      </form>
    </PayoutPanel>
  );
}

/** The IBAN of bank transfers: checked here as the API checks it, shown masked once saved. */
export function BankAccountForm({ account }: { account: Account }) {
  const { t } = useTranslation();
  const save = useSetBankAccount();
  const [iban, setIban] = useState('');
  const [invalid, setInvalid] = useState(false);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!isPayableIban(iban)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    save.mutate(compactIban(iban), { onSuccess: () => setIban('') });
  };
  const hasIban = account?.rail === 'bank' && account.ibanMasked !== null;
  return (
    <PayoutPanel heading={t('payouts.bank.heading')}>
      <p>{t('payouts.bank.intro')}</p>
      {save.isSuccess && <p role="status">{t('payouts.bank.saved', { iban: save.data.ibanMasked })}</p>}
      {save.isError && <FormAlert error={describeApiError(t, save.error)} />}
      <form onSubmit={onSubmit} noValidate>
        <TextField
          label={t('payouts.bank.iban')}
          hint={t('payouts.bank.ibanHint')}
          error={invalid ? t('payouts.bank.invalid') : undefined}
          value={iban}
          onChange={(e) => setIban(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          dir="ltr"
          required
        />
        <SubmitButton pending={save.isPending} pendingLabel={t('payouts.bank.saving')}>
          {t(hasIban ? 'payouts.bank.replace' : 'payouts.bank.save')}
        </SubmitButton>
      </form>
    </PayoutPanel>
  );
}
