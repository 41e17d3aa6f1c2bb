import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RadioGroup } from '@/components/ui/radio-group';
import { useLocale } from '@/hooks/use-locale';
import { addDays, dayKeyIn, formatDay, wallDay, weekdayOf, zoneName } from '@/lib/format-date';
import { useBookings } from '../api/get-bookings';
import { useSchedule } from '../api/get-schedule';
import { BookingCard } from './booking-card';
import { LoadState } from '@/components/ui/load-state';

type View = 'day' | 'week';

/** The provider's agenda by day or by week, in their own time zone (from their schedule). */
export function Agenda() {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const schedule = useSchedule();
  const timeZone = schedule.data?.timeZone ?? 'Africa/Casablanca';
  const [view, setView] = useState<View>('week');
  const [anchor, setAnchor] = useState<string | null>(null);
  const today = dayKeyIn(new Date(), timeZone);
  const day = anchor ?? today;
  const first = view === 'day' ? day : addDays(day, 1 - weekdayOf(day));
  const days = Array.from({ length: view === 'day' ? 1 : 7 }, (_, n) => addDays(first, n));
  // A day either side in UTC covers every offset; each booking is then placed by its local date.
  const bookings = useBookings({
    as: 'provider',
    from: `${addDays(first, -1)}T00:00:00Z`,
    to: `${addDays(days.at(-1)!, 2)}T00:00:00Z`,
  });
  const step = view === 'day' ? 1 : 7;

  return (
    <div className="agenda">
      <RadioGroup<View>
        legend={t('bookings.agenda.view')}
        name="agenda-view"
        value={view}
        onChange={setView}
        options={[
          { value: 'day', label: t('bookings.agenda.day') },
          { value: 'week', label: t('bookings.agenda.week') },
        ]}
      />
      <div className="slot-picker__nav">
        <button type="button" className="button button--secondary button--small" onClick={() => setAnchor(addDays(day, -step))}>
          {t(view === 'day' ? 'bookings.agenda.previousDay' : 'bookings.agenda.previousWeek')}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => setAnchor(null)}>
          {t('bookings.agenda.today')}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => setAnchor(addDays(day, step))}>
          {t(view === 'day' ? 'bookings.agenda.nextDay' : 'bookings.agenda.nextWeek')}
        </button>
      </div>
      <p className="slot-picker__zone">{t('bookings.zone', { zone: zoneName(timeZone, bookings.data?.[0]?.local.startAt) })}</p>
      {!bookings.data ? (
        <LoadState error={bookings.error} message={t('bookings.agenda.error')} retry={() => void bookings.refetch()} />
      ) : (
        <div className={view === 'week' ? 'agenda__week' : 'agenda__day'}>
          {days.map((key) => {
            const onDay = bookings.data.filter((booking) => wallDay(booking.local.startAt) === key);
            return (
              <section key={key} className="agenda__column" aria-labelledby={`${id}-${key}`}>
                <h2 id={`${id}-${key}`} className="agenda__heading">
                  {formatDay(key, locale)}
                  {key === today && <span className="visually-hidden"> ({t('bookings.agenda.today')})</span>}
                </h2>
                {onDay.length === 0 ? (
                  <p className="agenda__empty">{t('bookings.agenda.empty')}</p>
                ) : (
                  <ul className="booking-list">
                    {onDay.map((booking) => (
                      <li key={booking.id}>
                        <BookingCard booking={booking} as="provider" timeOnly />
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}
