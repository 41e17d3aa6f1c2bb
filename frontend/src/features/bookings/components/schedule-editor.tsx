import type { ScheduleInput, ScheduleView } from '@khadamat/contracts';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { describeApiError, type FormError } from '@/lib/api-error-message';
import { useUpdateSchedule } from '../api/update-schedule';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const TIME_ZONES = ['Africa/Casablanca', 'Africa/Algiers', 'Africa/Tunis', 'Europe/Paris'];
type Window = { start: string; end: string };

// A time input cannot say 24:00: a window ending at 00:00 runs to midnight.
const toApiEnd = (end: string) => (end === '00:00' ? '24:00' : end);
const fromApiEnd = (end: string) => (end === '24:00' ? '00:00' : end);

/** The weekly plan (hours per weekday) and the booking rules, saved together. */
export function ScheduleEditor({ schedule }: { schedule: ScheduleView }) {
  const { t } = useTranslation();
  const id = useId();
  const save = useUpdateSchedule();
  const [plan, setPlan] = useState<Record<number, Window[]>>(() =>
    Object.fromEntries(
      WEEKDAYS.map((day) => [
        day,
        schedule.weeklyPlan.filter((w) => w.weekday === day).map((w) => ({ start: w.start, end: fromApiEnd(w.end) })),
      ]),
    ),
  );
  const [rules, setRules] = useState({
    timeZone: schedule.timeZone,
    minNoticeMinutes: schedule.minNoticeMinutes,
    horizonDays: schedule.horizonDays,
    bufferBeforeMinutes: schedule.bufferBeforeMinutes,
    bufferAfterMinutes: schedule.bufferAfterMinutes,
    responseHours: schedule.responseHours,
    freeCancellationHours: schedule.freeCancellationHours,
    lateFeePercent: schedule.lateCancellationFeeBps / 100,
  });
  const [error, setError] = useState<FormError | null>(null);
  const [saved, setSaved] = useState(false);
  const dayName = (day: number) => t(`bookings.weekdays.${WEEKDAY_KEYS[day - 1]!}`);

  const setWindow = (day: number, index: number, change: Partial<Window>) =>
    setPlan({ ...plan, [day]: plan[day]!.map((w, n) => (n === index ? { ...w, ...change } : w)) });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const weeklyPlan = WEEKDAYS.flatMap((weekday) => plan[weekday]!.map((w) => ({ weekday, start: w.start, end: toApiEnd(w.end) })));
    if (weeklyPlan.some((w) => !w.start || !w.end || w.end <= w.start)) {
      setError({ message: t('bookings.schedule.invalidWindow') });
      return;
    }
    const { lateFeePercent, ...rest } = rules;
    const input: ScheduleInput = { ...rest, weeklyPlan, lateCancellationFeeBps: Math.round(lateFeePercent * 100) };
    try {
      await save.mutateAsync(input);
      setSaved(true);
    } catch (cause) {
      setError(describeApiError(t, cause));
    }
  }

  const numberField = (key: Exclude<keyof typeof rules, 'timeZone'>, label: string, max: number, step = 1) => (
    <TextField
      label={label}
      type="number"
      inputMode="numeric"
      min={0}
      max={max}
      step={step}
      short
      required
      value={rules[key]}
      onChange={(event) => setRules({ ...rules, [key]: Number(event.target.value) })}
    />
  );

  return (
    <form className="form schedule-editor" aria-labelledby={`${id}-weekly`} onSubmit={(event) => void onSubmit(event)}>
      <FormAlert error={error} />
      {saved && <Notice>{t('bookings.schedule.saved')}</Notice>}
      <h2 id={`${id}-weekly`} className="section__heading">
        {t('bookings.schedule.weekly')}
      </h2>
      <p className="field__hint">{t('bookings.schedule.weeklyHint')}</p>
      {WEEKDAYS.map((day) => (
        <fieldset key={day} className="schedule-day fieldset">
          <legend className="schedule-day__name">{dayName(day)}</legend>
          {plan[day]!.map((window, index) => (
            <div key={index} className="schedule-day">
              <TextField
                label={t('bookings.schedule.from')}
                type="time"
                step={1800}
                required
                value={window.start}
                onChange={(event) => setWindow(day, index, { start: event.target.value })}
              />
              <TextField
                label={t('bookings.schedule.to')}
                type="time"
                step={1800}
                required
                value={window.end}
                onChange={(event) => setWindow(day, index, { end: event.target.value })}
              />
              <button
                type="button"
                className="link-button"
                onClick={() => setPlan({ ...plan, [day]: plan[day]!.filter((_, n) => n !== index) })}
              >
                {t('bookings.schedule.removeWindow', { n: index + 1, day: dayName(day) })}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => setPlan({ ...plan, [day]: [...plan[day]!, { start: '09:00', end: '18:00' }] })}
          >
            {t('bookings.schedule.addWindow', { day: dayName(day) })}
          </button>
        </fieldset>
      ))}
      <h2 className="section__heading">{t('bookings.schedule.rules')}</h2>
      <SelectField
        label={t('bookings.schedule.timeZone')}
        value={rules.timeZone}
        onChange={(event) => setRules({ ...rules, timeZone: event.target.value })}
      >
        {[...new Set([rules.timeZone, ...TIME_ZONES])].map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </SelectField>
      {numberField('minNoticeMinutes', t('bookings.schedule.minNotice'), 10_080, 15)}
      {numberField('horizonDays', t('bookings.schedule.horizon'), 365)}
      {numberField('bufferBeforeMinutes', t('bookings.schedule.bufferBefore'), 240, 5)}
      {numberField('bufferAfterMinutes', t('bookings.schedule.bufferAfter'), 240, 5)}
      {numberField('responseHours', t('bookings.schedule.responseHours'), 168)}
      {numberField('freeCancellationHours', t('bookings.schedule.freeCancellation'), 336)}
      {numberField('lateFeePercent', t('bookings.schedule.lateFee'), 100)}
      <SubmitButton pending={save.isPending} pendingLabel={t('bookings.schedule.saving')}>
        {t('bookings.schedule.save')}
      </SubmitButton>
    </form>
  );
}
