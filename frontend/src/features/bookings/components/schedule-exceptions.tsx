import type { ScheduleView } from '@khadamat/contracts';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { SelectField } from '@/components/ui/select-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useLocale } from '@/hooks/use-locale';
import { describeApiError, type FormError } from '@/lib/api-error-message';
import { formatDay } from '@/lib/format-date';
import { useAddScheduleException } from '../api/add-schedule-exception';
import { useRemoveScheduleException } from '../api/remove-schedule-exception';

/** Days off (whole or in part) and extra hours on given dates: listed, added, removed. */
export function ScheduleExceptions({ exceptions }: { exceptions: ScheduleView['exceptions'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const add = useAddScheduleException();
  const remove = useRemoveScheduleException();
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'off' | 'extra'>('off');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [error, setError] = useState<FormError | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const whole = !start && !end;
    if (!date || (kind === 'extra' && whole) || (!whole && (!start || !end || (end !== '00:00' && end <= start)))) {
      setError({ message: t('bookings.schedule.invalidWindow') });
      return;
    }
    try {
      await add.mutateAsync({ date, kind, start: whole ? null : start, end: whole ? null : end === '00:00' ? '24:00' : end });
      setDate('');
      setStart('');
      setEnd('');
    } catch (cause) {
      setError(describeApiError(t, cause));
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="section__heading">
        {t('bookings.schedule.exceptions')}
      </h2>
      <p className="field__hint">{t('bookings.schedule.exceptionsHint')}</p>
      {exceptions.length === 0 ? (
        <p>{t('bookings.schedule.noExceptions')}</p>
      ) : (
        <ul className="booking-list">
          {exceptions.map((exception) => (
            <li key={exception.id} className="booking-card">
              <strong>{formatDay(exception.date, locale)}</strong> — {t(`bookings.schedule.${exception.kind}`)},{' '}
              {exception.start && exception.end ? (
                <bdi>
                  {exception.start}–{exception.end}
                </bdi>
              ) : (
                t('bookings.schedule.wholeDay')
              )}{' '}
              <button type="button" className="link-button" disabled={remove.isPending} onClick={() => remove.mutate(exception.id)}>
                {t('bookings.schedule.remove', { date: formatDay(exception.date, locale) })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="form" aria-labelledby={`${id}-heading`} onSubmit={(event) => void onSubmit(event)}>
        <FormAlert error={error} />
        <TextField
          label={t('bookings.schedule.date')}
          type="date"
          required
          value={date}
          onChange={(event) => setDate(event.target.value)}
        />
        <SelectField
          label={t('bookings.schedule.kind')}
          value={kind}
          onChange={(event) => setKind(event.target.value === 'extra' ? 'extra' : 'off')}
        >
          <option value="off">{t('bookings.schedule.off')}</option>
          <option value="extra">{t('bookings.schedule.extra')}</option>
        </SelectField>
        <TextField
          label={t('bookings.schedule.from')}
          type="time"
          step={1800}
          value={start}
          onChange={(event) => setStart(event.target.value)}
        />
        <TextField label={t('bookings.schedule.to')} type="time" step={1800} value={end} onChange={(event) => setEnd(event.target.value)} />
        <SubmitButton pending={add.isPending} pendingLabel={t('bookings.schedule.adding')}>
          {t('bookings.schedule.add')}
        </SubmitButton>
      </form>
    </section>
  );
}
