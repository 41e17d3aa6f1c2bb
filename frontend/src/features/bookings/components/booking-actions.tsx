import type { BookingAction, BookingView } from '@khadamat/contracts';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { Notice } from '@/components/ui/notice';
import { RadioGroup } from '@/components/ui/radio-group';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextAreaField } from '@/components/ui/text-area-field';
import { useLocale } from '@/hooks/use-locale';
import type { FormError } from '@/lib/api-error-message';
import { formatWallDateTime } from '@/lib/format-date';
import { formatMoney } from '@/lib/format-price';
import { useChangeBooking } from '../api/change-booking';
import { describeBookingError } from '../utils/booking-error';
import { SlotPicker } from './slot-picker';

type Action = Exclude<BookingAction, 'expire'>;
/** Actions asked about before they are sent (a reason, a fee, a scope or a new time). */
const CONFIRMED: ReadonlySet<Action> = new Set(['cancel', 'decline', 'dispute', 'noShow', 'proposeReschedule']);
const DANGER: ReadonlySet<Action> = new Set(['cancel', 'decline', 'dispute', 'noShow', 'declineReschedule']);

/**
 * Buttons for exactly the actions the API allows the viewer now (`allowedActions`). Each
 * carries the version shown: if the booking changed meanwhile the API refuses, and the page
 * says so and reloads it.
 */
export function BookingActions({ booking, onStale }: { booking: BookingView; onStale: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const change = useChangeBooking();
  const [open, setOpen] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<'this' | 'following'>('this');
  const [proposed, setProposed] = useState<{ at: string; local: string } | null>(null);
  const [error, setError] = useState<FormError | null>(null);
  const [done, setDone] = useState<Action | null>(null);
  // An admin resolves a dispute from the back office (an amount and a note), not from here.
  const actions = booking.allowedActions.filter((action): action is Action => action !== 'expire' && action !== 'resolveDispute');

  async function send(action: Action) {
    setError(null);
    setDone(null);
    try {
      await change.mutateAsync({
        bookingId: booking.id,
        action,
        version: booking.version,
        ...(reason.trim() && CONFIRMED.has(action) ? { reason: reason.trim() } : {}),
        ...(action === 'cancel' && booking.seriesId ? { scope } : {}),
        ...(action === 'proposeReschedule' && proposed ? { proposedStartAt: proposed.at } : {}),
      });
      setOpen(null);
      setReason('');
      setProposed(null);
      setDone(action);
    } catch (cause) {
      const described = describeBookingError(t, cause);
      setError(described);
      if (described.reload) {
        setOpen(null);
        onStale();
      }
    }
  }

  const pending = (
    <SubmitButton pending pendingLabel={t('bookings.confirm.pending')}>
      {null}
    </SubmitButton>
  );
  return (
    <section className="booking-actions" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="section__heading">
        {t('bookings.details.actions')}
      </h2>
      {done && <Notice>{t(`bookings.done.${done}`)}</Notice>}
      <FormAlert error={error} />
      {actions.length === 0 && <p>{t('bookings.details.noActions')}</p>}
      {open === null ? (
        <div className="booking-actions__buttons">
          {actions.map((action) =>
            change.isPending && change.variables.action === action ? (
              <span key={action}>{pending}</span>
            ) : (
              <button
                key={action}
                type="button"
                className={DANGER.has(action) ? 'button button--secondary' : 'button'}
                disabled={change.isPending}
                onClick={() => (CONFIRMED.has(action) ? setOpen(action) : void send(action))}
              >
                {t(`bookings.actions.${action}`)}
              </button>
            ),
          )}
        </div>
      ) : (
        <form
          className="form booking-actions__confirm panel"
          aria-label={t(`bookings.actions.${open}`)}
          onSubmit={(event) => {
            event.preventDefault();
            void send(open);
          }}
        >
          <h3 className="panel__heading">{t(`bookings.actions.${open}`)}</h3>
          {open === 'cancel' && (
            <p className="booking-actions__fee">
              {booking.cancellationFeeNowMinor > 0
                ? t('bookings.confirm.cancelFee', { fee: formatMoney(booking.cancellationFeeNowMinor, booking.currency, locale) })
                : t('bookings.confirm.cancelFree')}
            </p>
          )}
          {open === 'cancel' && booking.seriesId && (
            <RadioGroup
              legend={t('bookings.confirm.scope')}
              name="scope"
              value={scope}
              onChange={setScope}
              options={[
                { value: 'this', label: t('bookings.confirm.scopeThis') },
                { value: 'following', label: t('bookings.confirm.scopeFollowing') },
              ]}
            />
          )}
          {open === 'proposeReschedule' ? (
            <SlotPicker
              serviceId={booking.service.id}
              heading={t('bookings.confirm.pickNew')}
              selected={proposed?.at ?? null}
              onPick={(at, local) => setProposed({ at, local })}
            />
          ) : (
            <TextAreaField
              label={t('bookings.confirm.reason')}
              name="reason"
              rows={3}
              maxLength={1000}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          )}
          <div className="panel__actions">
            {(open !== 'proposeReschedule' || proposed) && (
              <SubmitButton
                pending={change.isPending}
                pendingLabel={t('bookings.confirm.pending')}
                variant={DANGER.has(open) ? 'danger' : 'primary'}
              >
                {open === 'proposeReschedule' && proposed
                  ? t('bookings.confirm.proposeAt', { when: formatWallDateTime(proposed.local, locale) })
                  : t('bookings.confirm.confirm')}
              </SubmitButton>
            )}
            <button type="button" className="button button--secondary" onClick={() => setOpen(null)}>
              {t('bookings.confirm.back')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
