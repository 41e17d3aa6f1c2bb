import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '@/lib/auth';
import { SlotPicker } from './slot-picker';

/**
 * The slot picker of a service page: a chosen time leads to the booking form, which asks
 * signed-out visitors to sign in first and brings them back with the time kept in the URL.
 */
export function ServiceBooking({ serviceId, slug }: { serviceId: string; slug: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: session } = useSession();
  return (
    <div className="service-booking">
      <SlotPicker
        serviceId={serviceId}
        heading={t('bookings.slots.heading')}
        onPick={(startAt) => void navigate(`/services/${encodeURIComponent(slug)}/book?start=${encodeURIComponent(startAt)}`)}
      />
      {!session && <p className="field__hint">{t('bookings.slots.signInHint')}</p>}
    </div>
  );
}
