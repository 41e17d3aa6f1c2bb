import { useTranslation } from 'react-i18next';
import { describeApiError } from '@/lib/api-error-message';
import { useSchedule } from '../api/get-schedule';
import { CalendarFeed } from './calendar-feed';
import { LoadState } from '@/components/ui/load-state';
import { ScheduleEditor } from './schedule-editor';
import { ScheduleExceptions } from './schedule-exceptions';

/** The provider's availability settings: weekly plan and rules, exceptions, calendar feed. */
export function Availability() {
  const { t } = useTranslation();
  const { data: schedule, error, refetch } = useSchedule();
  if (!schedule) {
    return <LoadState error={error} message={describeApiError(t, error).message} retry={() => void refetch()} />;
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
