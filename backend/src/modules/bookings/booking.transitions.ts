// The booking state machine as data: which action moves a booking from which states to
// which, and who may take it. The service functions check this table, and the booking
// view derives "what may I do now" from it, so the page and the API never disagree.
import type { BookingStatus } from '../../generated/sqlite/enums';

export type BookingParty = 'client' | 'provider' | 'system' | 'admin';

export interface Transition {
  from: readonly BookingStatus[];
  to: BookingStatus;
  by: readonly BookingParty[];
}

/** States that hold the provider's time (the database refuses overlaps among them). */
export const ACTIVE_STATUSES: readonly BookingStatus[] = ['awaiting_payment', 'requested', 'accepted', 'in_progress'];

export const BOOKING_TRANSITIONS = {
  /** The card is authorised: the request reaches the provider. */
  authorise: { from: ['awaiting_payment'], to: 'requested', by: ['system'] },
  accept: { from: ['requested'], to: 'accepted', by: ['provider'] },
  decline: { from: ['requested'], to: 'declined', by: ['provider'] },
  expire: { from: ['awaiting_payment', 'requested'], to: 'expired', by: ['system'] },
  checkIn: { from: ['accepted'], to: 'in_progress', by: ['provider'] },
  complete: { from: ['in_progress'], to: 'completed', by: ['provider'] },
  confirm: { from: ['completed'], to: 'confirmed', by: ['client', 'system'] },
  noShow: { from: ['accepted'], to: 'no_show', by: ['provider'] },
  cancel: { from: ['awaiting_payment', 'requested', 'accepted'], to: 'cancelled', by: ['client', 'provider'] },
  dispute: { from: ['completed'], to: 'disputed', by: ['client'] },
  /** A saved card could not be authorised and the client did not pay by the deadline (decision 0027). */
  cancelUnpaid: { from: ['requested', 'accepted'], to: 'cancelled', by: ['system'] },
  /** An admin settles a dispute: what goes back to the client is decided, the booking is final. */
  resolveDispute: { from: ['disputed'], to: 'resolved', by: ['admin'] },
  /** A new time, proposed by one party: the booking keeps its state until the other answers. */
  proposeReschedule: { from: ['requested', 'accepted'], to: 'accepted', by: ['client', 'provider'] },
  acceptReschedule: { from: ['requested', 'accepted'], to: 'accepted', by: ['client', 'provider'] },
  declineReschedule: { from: ['requested', 'accepted'], to: 'accepted', by: ['client', 'provider'] },
} as const satisfies Record<string, Transition>;

export type BookingAction = keyof typeof BOOKING_TRANSITIONS;

export interface BookingFacts {
  status: BookingStatus;
  startAt: Date;
  proposedBy: string | null;
}

/**
 * The actions `party` may take on a booking now: the table, plus the rules of time and
 * turn (check-in from an hour before the start, no-show after it, a reschedule answered
 * by the other party). Reschedules keep the state they start from (see `rescheduleTarget`).
 */
export function allowedActions(booking: BookingFacts, party: BookingParty, now: Date): BookingAction[] {
  return (Object.keys(BOOKING_TRANSITIONS) as BookingAction[]).filter((action) => {
    const transition: Transition = BOOKING_TRANSITIONS[action];
    if (!transition.by.includes(party) || !transition.from.includes(booking.status)) return false;
    const startsIn = booking.startAt.getTime() - now.getTime();
    switch (action) {
      case 'checkIn':
        return startsIn <= 3_600_000;
      case 'noShow':
        return startsIn <= 0;
      case 'proposeReschedule':
        return booking.proposedBy === null && startsIn > 0;
      case 'acceptReschedule':
      case 'declineReschedule':
        return booking.proposedBy !== null && booking.proposedBy !== party;
      default:
        return true;
    }
  });
}
