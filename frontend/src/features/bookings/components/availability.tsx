import { useTranslation } from 'react-i18next';
import { Spinner } from '@/components/ui/spinner';
import { describeApiError } from '@/lib/api-error-message';
import { useSchedule } from '../api/get-schedule';
import { CalendarFeed } from './calendar-feed';
import { ScheduleEditor } from './schedule-editor';
import { ScheduleExceptions } from './schedule-exceptions';

/** The provider's availability settings: weekly plan and rules, exceptions, calendar feed. */
export function Availability() {
  const { t } = useTranslation();
  const { data: schedule, error, refetch } = useSchedule();
  if (!schedule) {
    return error ? (
      <div className="state state--error" role="alert">
        <p className="state__message">{describeApiError(t, error).message}</p>
        <button type="button" className="button" onClick={() => void refetch()}>
          {t('common.retry')}
        </button>
      </div>
    ) : (
      <p className="state" role="status">
        <Spinner />
        {t('common.loading')}
      </p>
    );
  }
  return (
    <>
      {/* Starts from what the API holds; after a save the form already shows it. */}
      <ScheduleEditor schedule={schedule} />
      <ScheduleExceptions exceptions={schedule.exceptions} />
      <CalendarFeed />
    </>
  );
}
