import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { Notice } from '@/components/ui/notice';
import { SubmitButton } from '@/components/ui/submit-button';
import { describeApiError, type FormError } from '@/lib/api-error-message';
import { useCreateCalendarFeed } from '../api/create-calendar-feed';
import { useRevokeCalendarFeed } from '../api/revoke-calendar-feed';

/** The private subscription URL of the provider's agenda: made (or replaced) and revoked here; shown once, when made. */
export function CalendarFeed() {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateCalendarFeed();
  const revoke = useRevokeCalendarFeed();
  const [url, setUrl] = useState<string | null>(null);
  const [revoked, setRevoked] = useState(false);
  const [error, setError] = useState<FormError | null>(null);

  async function run(step: () => Promise<void>) {
    setError(null);
    setRevoked(false);
    try {
      await step();
    } catch (cause) {
      setError(describeApiError(t, cause));
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="panel">
      <h2 id={`${id}-heading`} className="panel__heading">
        {t('bookings.schedule.feed')}
      </h2>
      <p>{t('bookings.schedule.feedHint')}</p>
      <FormAlert error={error} />
      {revoked && <Notice>{t('bookings.schedule.feedRevoked')}</Notice>}
      {url && (
        <div className="field">
          <label htmlFor={`${id}-url`} className="field__label">
            {t('bookings.schedule.feedUrl')}
          </label>
          <input id={`${id}-url`} className="input feed-url" dir="ltr" readOnly value={url} onFocus={(event) => event.target.select()} />
        </div>
      )}
      <div className="panel__actions">
        <SubmitButton
          type="button"
          pending={create.isPending}
          pendingLabel={t('bookings.confirm.pending')}
          onClick={() => void run(async () => setUrl((await create.mutateAsync()).url))}
        >
          {t(url ? 'bookings.schedule.feedRotate' : 'bookings.schedule.feedCreate')}
        </SubmitButton>
        <SubmitButton
          type="button"
          variant="secondary"
          pending={revoke.isPending}
          pendingLabel={t('bookings.confirm.pending')}
          onClick={() =>
            void run(async () => {
              await revoke.mutateAsync();
              setUrl(null);
              setRevoked(true);
            })
          }
        >
          {t('bookings.schedule.feedRevoke')}
        </SubmitButton>
      </div>
    </section>
  );
}
