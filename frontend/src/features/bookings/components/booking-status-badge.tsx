import type { BookingStatus } from '@khadamat/contracts';
import { useTranslation } from 'react-i18next';

const TONE: Partial<Record<BookingStatus, string>> = {
  accepted: 'badge--ok',
  in_progress: 'badge--ok',
  confirmed: 'badge--ok',
  completed: 'badge--ok',
  requested: 'badge--warn',
  disputed: 'badge--warn',
};

export function BookingStatusBadge({ status }: { status: BookingStatus }) {
  const { t } = useTranslation();
  return <span className={`badge ${TONE[status] ?? ''}`.trim()}>{t(`bookings.status.${status}`)}</span>;
}
