import type { ServiceView } from '@khadamat/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { FormAlert } from '@/components/ui/form-alert';
import { RadioGroup } from '@/components/ui/radio-group';
import { SelectField } from '@/components/ui/select-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextAreaField } from '@/components/ui/text-area-field';
import { TextField } from '@/components/ui/text-field';
import { useLocale } from '@/hooks/use-locale';
import { useCheckoutConfig } from '@/lib/api/get-checkout-config';
import type { FormError } from '@/lib/api-error-message';
import { addDays, formatDateTime, formatWallDateTime, zoneName } from '@/lib/format-date';
import { priceText } from '@/lib/format-price';
import { useCreateBooking } from '../api/create-booking';
import { useSlots } from '../api/get-slots';
import { describeBookingError } from '../utils/booking-error';
import { JobPhotos, type JobPhoto } from './job-photos';

type Repeat = 'once' | 'weekly' | 'biweekly';
const OCCURRENCES = [2, 3, 4, 5, 6, 8, 10, 12];

/** The request for one chosen start: address, details, photos of the job and how often. */
export function BookingForm({ service, startAt }: { service: ServiceView; startAt: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const create = useCreateBooking();
  const day = startAt.slice(0, 10);
  // The start on the provider's wall clock, as the slot API gives it (a day either side covers any offset).
  const { data: slots } = useSlots({ serviceId: service.id, from: addDays(day, -1), to: addDays(day, 1) });
  const index = slots ? slots.slots.indexOf(startAt) : -1;
  const local = index >= 0 ? slots!.localSlots[index]! : null;
  const [address, setAddress] = useState('');
  const [notes, setNotes] = useState('');
  const [photos, setPhotos] = useState<JobPhoto[]>([]);
  const [repeat, setRepeat] = useState<Repeat>('once');
  const [method, setMethod] = useState<'cash' | 'card'>('cash');
  // Card payment is offered with Stripe configured, for single jobs (a series is paid in cash).
  const { data: checkout } = useCheckoutConfig();
  const card = Boolean(checkout?.cardAvailable) && repeat === 'once' && method === 'card';
  const [occurrences, setOccurrences] = useState(4);
  const [addressError, setAddressError] = useState<string | undefined>();
  const [error, setError] = useState<(FormError & { slotTaken: boolean }) | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (address.trim().length < 5 || address.trim().length > 300) {
      setAddressError(t('bookings.form.address.invalid'));
      return;
    }
    setAddressError(undefined);
    try {
      const created = await create.mutateAsync({
        serviceId: service.id,
        startAt,
        address: address.trim(),
        notes: notes.trim() || undefined,
        photoIds: photos.map((photo) => photo.id),
        recurrence: repeat === 'once' ? null : { everyWeeks: repeat === 'weekly' ? 1 : 2, occurrences },
        paymentMethod: card ? 'card' : 'cash',
      });
      // A card booking reaches the provider once paid: straight to the checkout.
      void navigate(`/bookings/${encodeURIComponent(created.ids[0]!)}${card ? '/pay' : ''}`);
    } catch (cause) {
      setError(describeBookingError(t, cause));
    }
  }

  return (
    <form className="form booking-form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <FormAlert error={error}>
        {error?.slotTaken && (
          <p className="alert__links">
            <Link to={`/services/${encodeURIComponent(service.slug)}`}>{t('bookings.form.change')}</Link>
          </p>
        )}
      </FormAlert>
      <dl className="facts">
        <div className="facts__item">
          <dt>{t('bookings.form.when')}</dt>
          <dd>
            {slots ? (
              <>
                {/* Taken meanwhile (no longer among the free starts): said in the visitor's own zone. */}
                <bdi>{local ? formatWallDateTime(local, locale) : formatDateTime(startAt, locale)}</bdi>{' '}
                {local && (
                  <>
                    <small>
                      (<bdi>{zoneName(slots.timeZone, local)}</bdi>)
                    </small>{' '}
                  </>
                )}
                <Link to={`/services/${encodeURIComponent(service.slug)}`}>{t('bookings.form.change')}</Link>
              </>
            ) : (
              t('common.loading')
            )}
          </dd>
        </div>
        <div className="facts__item">
          <dt>{t('bookings.form.price')}</dt>
          <dd>{priceText(service, locale, t)}</dd>
        </div>
        {!checkout?.cardAvailable && (
          <div className="facts__item">
            <dt>{t('bookings.form.payment')}</dt>
            <dd>{t('bookings.form.paymentMethods.cash')}</dd>
          </div>
        )}
      </dl>
      <TextField
        label={t('bookings.form.address.label')}
        hint={t('bookings.form.address.hint')}
        error={addressError}
        name="address"
        autoComplete="street-address"
        required
        maxLength={300}
        value={address}
        onChange={(event) => setAddress(event.target.value)}
      />
      <TextAreaField
        label={t('bookings.form.notes.label')}
        hint={t('bookings.form.notes.hint')}
        name="notes"
        rows={3}
        maxLength={2000}
        value={notes}
        onChange={(event) => setNotes(event.target.value)}
      />
      <JobPhotos photos={photos} onChange={setPhotos} />
      <RadioGroup<Repeat>
        legend={t('bookings.form.recurrence.legend')}
        name="repeat"
        value={repeat}
        onChange={setRepeat}
        options={[
          { value: 'once', label: t('bookings.form.recurrence.once') },
          { value: 'weekly', label: t('bookings.form.recurrence.weekly') },
          { value: 'biweekly', label: t('bookings.form.recurrence.biweekly') },
        ]}
      />
      {repeat !== 'once' && (
        <SelectField
          label={t('bookings.form.recurrence.occurrences')}
          value={occurrences}
          onChange={(event) => setOccurrences(Number(event.target.value))}
        >
          {OCCURRENCES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </SelectField>
      )}
      {checkout?.cardAvailable && repeat === 'once' && (
        <RadioGroup<'cash' | 'card'>
          legend={t('bookings.form.payment')}
          name="paymentMethod"
          value={method}
          onChange={setMethod}
          options={[
            { value: 'cash', label: t('bookings.form.paymentMethods.cash') },
            { value: 'card', label: t('bookings.form.paymentMethods.card') },
          ]}
        />
      )}
      <SubmitButton pending={create.isPending} pendingLabel={t('bookings.form.submitting')}>
        {t('bookings.form.submit')}
      </SubmitButton>
    </form>
  );
}
