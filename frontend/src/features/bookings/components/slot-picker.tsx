import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '@/components/ui/spinner';
import { useLocale } from '@/hooks/use-locale';
import { addDays, formatDay, formatWallTime, wallDay, zoneName } from '@/lib/format-date';
import { useSlots } from '../api/get-slots';

/** Two weeks of free times at a time (the slot API takes at most 31 days). */
const PAGE_DAYS = 14;

/**
 * The provider's free times for a service: a row of days, then the start times of the chosen
 * day, in the provider's time zone (named above them). Choosing a time calls `onPick`.
 */
export function SlotPicker({
  serviceId,
  onPick,
  selected,
  heading,
}: {
  serviceId: string;
  /** The start as a UTC instant, and on the provider's wall clock. */
  onPick: (startAt: string, localStartAt: string) => void;
  selected?: string | null;
  heading: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const [page, setPage] = useState(0);
  const [today] = useState(() => new Date().toISOString().slice(0, 10));
  const from = addDays(today, page * PAGE_DAYS);
  const to = addDays(from, PAGE_DAYS - 1);
  const { data, error, isPending, isFetching, refetch } = useSlots({ serviceId, from, to });
  const [chosenDay, setChosenDay] = useState<string | null>(null);

  const byDay = new Map<string, { at: string; local: string }[]>();
  for (let n = 0; n < PAGE_DAYS; n++) byDay.set(addDays(from, n), []);
  data?.slots.forEach((at, n) => {
    const local = data.localSlots[n]!;
    byDay.get(wallDay(local))?.push({ at, local });
  });
  const firstWithSlots = [...byDay.entries()].find(([, slots]) => slots.length > 0)?.[0] ?? null;
  const day = chosenDay && byDay.has(chosenDay) ? chosenDay : firstWithSlots;
  const times = day ? (byDay.get(day) ?? []) : [];

  return (
    <section className="slot-picker" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="section__heading">
        {heading}
      </h2>
      {data && <p className="slot-picker__zone">{t('bookings.zone', { zone: zoneName(data.timeZone, data.localSlots[0]) })}</p>}
      <div className="slot-picker__nav">
        <button type="button" className="button button--secondary button--small" disabled={page === 0} onClick={() => setPage(page - 1)}>
          {t('bookings.slots.previous')}
        </button>
        <p className="slot-picker__range">
          {t('bookings.slots.range', { from: formatDay(from, locale, 'short'), to: formatDay(to, locale, 'short') })}
        </p>
        <button type="button" className="button button--secondary button--small" onClick={() => setPage(page + 1)}>
          {t('bookings.slots.next')}
        </button>
      </div>
      {isPending || (isFetching && !data) ? (
        <p className="state" role="status">
          <Spinner />
          {t('bookings.slots.loading')}
        </p>
      ) : error && !data ? (
        <div className="state state--error" role="alert">
          <p className="state__message">{t('bookings.slots.error')}</p>
          <button type="button" className="button" onClick={() => void refetch()}>
            {t('common.retry')}
          </button>
        </div>
      ) : !firstWithSlots ? (
        <p className="state">{t('bookings.slots.noneInRange')}</p>
      ) : (
        <>
          <div role="group" aria-label={t('bookings.slots.days')} className="slot-picker__days">
            {[...byDay.entries()].map(([key, slots]) => (
              <button
                key={key}
                type="button"
                className="slot-picker__day"
                aria-pressed={key === day}
                disabled={slots.length === 0}
                onClick={() => setChosenDay(key)}
              >
                {formatDay(key, locale, 'short')}
              </button>
            ))}
          </div>
          {day && (
            <div role="group" aria-labelledby={`${id}-times`}>
              <h3 id={`${id}-times`} className="slot-picker__times-heading">
                {t('bookings.slots.times', { day: formatDay(day, locale) })}
              </h3>
              {times.length === 0 ? (
                <p>{t('bookings.slots.none')}</p>
              ) : (
                <ul className="slot-picker__times">
                  {times.map((slot) => (
                    <li key={slot.at}>
                      <button
                        type="button"
                        className="slot-picker__time"
                        aria-pressed={slot.at === selected}
                        onClick={() => onPick(slot.at, slot.local)}
                      >
                        <bdi>{formatWallTime(slot.local, locale)}</bdi>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
