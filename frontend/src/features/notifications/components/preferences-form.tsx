import { notificationChannel, notificationEvent } from '@khadamat/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { LoadState } from '@/components/ui/load-state';
import { SubmitButton } from '@/components/ui/submit-button';
import { describeApiError } from '@/lib/api-error-message';
import { useNotificationPreferences, useSaveNotificationPreferences, type NotificationPreferences } from '../api/notification-preferences';

const EVENTS = notificationEvent.options;
const CHANNELS = notificationChannel.options;
type Pref = NotificationPreferences['preferences'][number];
const key = (p: Pick<Pref, 'event' | 'channel'>) => `${p.event}:${p.channel}`;

/** Which events reach the member by which channel: a table of checkboxes, saved at once. */
export function PreferencesForm() {
  const { t } = useTranslation();
  const { data, error, refetch } = useNotificationPreferences();
  if (!data) {
    return <LoadState error={error} message={t('notifications.preferences.loadError')} retry={() => void refetch()} />;
  }
  return <Editor initial={data} />;
}

function Editor({ initial }: { initial: NotificationPreferences }) {
  const { t } = useTranslation();
  const save = useSaveNotificationPreferences();
  const [enabled, setEnabled] = useState(() => new Map(initial.preferences.map((p) => [key(p), p.enabled])));
  // SMS quiet hours: kept while switched off, so switching back on restores them.
  const [quiet, setQuiet] = useState(initial.quietHours !== null);
  const [quietStart, setQuietStart] = useState(initial.quietHours?.start ?? '21:00');
  const [quietEnd, setQuietEnd] = useState(initial.quietHours?.end ?? '08:00');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const preferences = EVENTS.flatMap((e) =>
      CHANNELS.map((c) => ({ event: e, channel: c, enabled: enabled.get(key({ event: e, channel: c })) ?? true })),
    );
    save.mutate({ preferences, quietHours: quiet ? { start: quietStart, end: quietEnd } : null });
  }

  return (
    <form onSubmit={onSubmit} className="preferences">
      <p>{t('notifications.preferences.accountMail')}</p>
      <div className="preferences__scroll">
        <table className="preferences__table">
          <caption className="visually-hidden">{t('notifications.preferences.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('notifications.preferences.event')}</th>
              {CHANNELS.map((c) => (
                <th key={c} scope="col">
                  {t(`notifications.preferences.channels.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {EVENTS.map((e) => (
              <tr key={e}>
                <th scope="row">{t(`notifications.preferences.events.${e}`)}</th>
                {CHANNELS.map((c) => {
                  const k = key({ event: e, channel: c });
                  return (
                    <td key={c}>
                      <input
                        type="checkbox"
                        aria-label={t('notifications.preferences.toggle', {
                          event: t(`notifications.preferences.events.${e}`),
                          channel: t(`notifications.preferences.channels.${c}`),
                        })}
                        checked={enabled.get(k) ?? true}
                        onChange={(event) => {
                          const checked = event.target.checked;
                          setEnabled((current) => new Map(current).set(k, checked));
                        }}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <fieldset className="preferences__quiet">
        <legend>{t('notices.quietHours.legend')}</legend>
        <p className="field__hint" id="quiet-hours-hint">
          {t('notices.quietHours.hint')}
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={quiet} onChange={(event) => setQuiet(event.target.checked)} aria-describedby="quiet-hours-hint" />
          {t('notices.quietHours.enabled')}
        </label>
        <div className="preferences__times">
          <label>
            {t('notices.quietHours.start')}
            <input type="time" required value={quietStart} disabled={!quiet} onChange={(event) => setQuietStart(event.target.value)} />
          </label>
          <label>
            {t('notices.quietHours.end')}
            <input type="time" required value={quietEnd} disabled={!quiet} onChange={(event) => setQuietEnd(event.target.value)} />
          </label>
        </div>
      </fieldset>
      <FormAlert error={save.error ? describeApiError(t, save.error) : null} />
      <div role="status">{save.isSuccess && !save.isPending && t('notifications.preferences.saved')}</div>
      <SubmitButton pending={save.isPending} pendingLabel={t('notifications.preferences.saving')}>
        {t('notifications.preferences.save')}
      </SubmitButton>
    </form>
  );
}
