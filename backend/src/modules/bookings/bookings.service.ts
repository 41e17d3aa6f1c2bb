import type { Locale } from '@khadamat/contracts';
import { DateTime } from 'luxon';
import type { Config } from '../../config/env';
import type { BookingStatus } from '../../generated/sqlite/enums';
import type { Db, DbClient } from '../../platform/db/client';
import { keyedLock } from '../../platform/db/keyed-lock';
import { AppError } from '../../platform/errors/app-error';
import { enqueueJob, type JobHandlers } from '../../platform/jobs/jobs';
import { appLink } from '../../platform/mail/templates';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import { visibleServiceWhere } from '../catalogue/visibility';
import { sendNotice } from '../notifications/notices';
import { findOwnUploads, openAttachedUpload } from '../uploads/uploads.service';
import type { ObjectStorage } from '../../platform/storage/storage';
import { MAX_SLOT_RANGE_DAYS, blockOf, bookableStarts, isBookableStart, type BusyBlock, type Place } from './availability';
import { bookingNotice, formatMoney, type BookingEvent } from './booking-notices';
import { ACTIVE_STATUSES, BOOKING_TRANSITIONS, allowedActions, type BookingAction, type BookingParty } from './booking.transitions';
import { loadRules } from './schedule.service';
import { ACCOUNTS, ledgerBalances } from '../payments/ledger';
import { PAYMENT_JOBS, PAYMENT_WINDOW_MINUTES, stripeKey } from '../payments/payment-jobs';

/** A client has this long after completion to confirm or dispute; then it is confirmed for them. */
export const AUTO_CONFIRM_HOURS = 72;
/** Reminders before the start, in hours. */
export const REMINDER_HOURS = [24, 1] as const;
export const MAX_OCCURRENCES = 12;

export const BOOKING_JOBS = {
  expire: 'bookings.expire',
  autoConfirm: 'bookings.auto-confirm',
  reminder: 'bookings.reminder',
} as const;

// Writes to one provider's agenda queue in this process (see keyedLock); the database
// trigger is what guarantees no overlap across processes.
const agendaWrites = keyedLock();
/** A burst of requests for one provider waits its turn rather than failing. */
const AGENDA_TRANSACTION = { maxWait: 10_000, timeout: 20_000 };

interface Deps {
  db: Db;
  config: Readonly<Config>;
  now?: () => Date;
}

const bookingInclude = {
  service: { select: { id: true, slug: true, title: true } },
  provider: {
    select: { id: true, userId: true, user: { select: { name: true, email: true, phone: true, phoneVerifiedAt: true, locale: true } } },
  },
  client: { select: { id: true, name: true, email: true, phone: true, phoneVerifiedAt: true, locale: true } },
} as const;

type BookingRow = NonNullable<Awaited<ReturnType<typeof findBooking>>>;

function findBooking(db: DbClient, id: string) {
  return db.booking.findUnique({ where: { id }, include: bookingInclude });
}

/** The database refused an overlap (the trigger of the bookings migration, on either database). */
export function isOverlapViolation(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown): boolean => {
    if (!value || typeof value !== 'object' || seen.has(value)) return typeof value === 'string' && value.includes('Booking_no_overlap');
    seen.add(value);
    if (value instanceof Error && value.message.includes('Booking_no_overlap')) return true;
    return Object.values(value as Record<string, unknown>).some(visit) || (value instanceof Error && visit(value.cause));
  };
  return visit(error);
}

const conflict = (details?: unknown) => new AppError('BOOKING_CONFLICT', 409, 'The provider already has a booking at that time', details);

export interface BookingRequest {
  serviceId: string;
  startAt: Date;
  address: string;
  latitude?: number | null;
  longitude?: number | null;
  notes?: string;
  /** The client's own booking_photo uploads, attached to every occurrence. */
  photoIds?: string[];
  recurrence?: { everyWeeks: 1 | 2; occurrences: number } | null;
  paymentMethod?: 'cash' | 'card';
}

const PHOTO_KIND = 'booking_photo';

/** The photos must be the client's own uploads made for a booking; anything else is refused as a whole. */
async function checkPhotos(db: DbClient, userId: string, photoIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(photoIds)];
  if (unique.length === 0) return [];
  const found = await findOwnUploads({ db, ids: unique, ownerId: userId, kind: PHOTO_KIND });
  if (found.length !== unique.length) {
    throw new AppError('BOOKING_PHOTO_INVALID', 400, 'Each photo must be one of your own uploads of kind booking_photo', {
      missing: unique.filter((id) => !found.some((row) => row.id === id)),
    });
  }
  return unique;
}

/** Busy blocks of a provider between two instants (a day around them for travel). */
async function busyBlocks(db: DbClient, providerId: string, from: Date, to: Date, exceptBookingId?: string): Promise<BusyBlock[]> {
  return db.booking.findMany({
    where: {
      providerId,
      status: { in: [...ACTIVE_STATUSES] },
      blockStart: { lt: new Date(to.getTime() + 86_400_000) },
      blockEnd: { gt: new Date(from.getTime() - 86_400_000) },
      ...(exceptBookingId ? { id: { not: exceptBookingId } } : {}),
    },
    select: { blockStart: true, blockEnd: true, latitude: true, longitude: true },
  });
}

const placeOf = (input: { latitude?: number | null; longitude?: number | null }): Place | null =>
  input.latitude == null || input.longitude == null ? null : { latitude: input.latitude, longitude: input.longitude };

/** Bookable start times of a visible service between two local dates (inclusive). */
export async function listSlots({
  db,
  serviceId,
  from,
  to,
  place,
  now = new Date(),
}: {
  db: Db;
  serviceId: string;
  from: string;
  to: string;
  place: Place | null;
  now?: Date;
}) {
  const service = await db.service.findFirst({
    where: { id: serviceId, ...visibleServiceWhere },
    select: { providerId: true, durationMinutes: true },
  });
  if (!service) throw new AppError('NOT_FOUND', 404, 'No such service');
  const rules = await loadRules(db, service.providerId);
  const first = DateTime.fromISO(from, { zone: rules.timeZone });
  const last = DateTime.fromISO(to, { zone: rules.timeZone });
  if (!first.isValid || !last.isValid || last < first)
    throw new AppError('INVALID_DATE_RANGE', 400, '`from` and `to` must be dates, `from` first');
  if (last.diff(first, 'days').days >= MAX_SLOT_RANGE_DAYS) {
    throw new AppError('INVALID_DATE_RANGE', 400, `At most ${MAX_SLOT_RANGE_DAYS} days at a time`);
  }
  const busy = await busyBlocks(db, service.providerId, first.startOf('day').toJSDate(), last.endOf('day').toJSDate());
  const starts = bookableStarts({ rules, durationMinutes: service.durationMinutes, from, to, busy, place, now });
  return {
    timeZone: rules.timeZone,
    durationMinutes: service.durationMinutes,
    slots: starts.map((start) => start.toISOString()),
    localSlots: starts.map((start) => wallClock(start, rules.timeZone)),
  };
}

/**
 * A client asks for a job (or a series of them). Each occurrence must be a bookable start;
 * the bookings, their audit events, the provider's notices and the expiry jobs are written
 * in one transaction, and the database refuses the whole series if any occurrence overlaps
 * another booking, even one made a millisecond earlier by another request.
 *
 * Card bookings start awaiting payment: they hold the time, but the provider sees them (and
 * is told) only once the card is authorised (`markBookingAuthorised`, from Stripe's event);
 * unpaid after PAYMENT_WINDOW_MINUTES, they expire and free the time.
 */
export async function requestBooking({
  db,
  config,
  userId,
  input,
  origin,
  now = () => new Date(),
}: Deps & { userId: string; input: BookingRequest; origin: RequestOrigin }) {
  const service = await db.service.findFirst({
    where: { id: input.serviceId, ...visibleServiceWhere },
    select: { id: true, providerId: true, durationMinutes: true, priceMinor: true, currency: true, provider: { select: { userId: true } } },
  });
  if (!service) throw new AppError('NOT_FOUND', 404, 'No such service');
  if (service.provider.userId === userId) throw new AppError('OWN_SERVICE', 409, 'You cannot book your own service');
  const rules = await loadRules(db, service.providerId);
  const photoIds = await checkPhotos(db, userId, input.photoIds ?? []);
  const place = placeOf(input);
  const occurrences = input.recurrence?.occurrences ?? 1;
  const everyWeeks = input.recurrence?.everyWeeks ?? 1;
  // Each occurrence at the same local time, n weeks later (Luxon keeps the wall clock across offset changes).
  const starts = Array.from({ length: occurrences }, (_, n) =>
    DateTime.fromJSDate(input.startAt, { zone: rules.timeZone })
      .plus({ weeks: n * everyWeeks })
      .toJSDate(),
  );
  const at = now();
  const card = input.paymentMethod === 'card';
  if (card && !config.stripe.secretKey)
    throw new AppError('CARD_PAYMENTS_UNAVAILABLE', 409, 'Card payment is not available; pay in cash on site');
  if (card && occurrences > 1)
    throw new AppError('CARD_SERIES_NOT_SUPPORTED', 400, 'A series is paid in cash on site; book its jobs one by one to pay by card');
  try {
    return await agendaWrites(service.providerId, () =>
      db.$transaction(async (tx) => {
        const busy = await busyBlocks(tx, service.providerId, starts[0]!, starts.at(-1)!);
        const unavailable = starts.filter(
          (start) => !isBookableStart({ rules, durationMinutes: service.durationMinutes, busy, place, now: at, start }),
        );
        if (unavailable.length > 0) {
          throw new AppError('SLOT_UNAVAILABLE', 409, 'The provider is not available at that time', {
            unavailable: unavailable.map((start) => start.toISOString()),
          });
        }
        const series = occurrences > 1 ? await tx.bookingSeries.create({ data: { everyWeeks, occurrences } }) : null;
        const ids: string[] = [];
        for (const start of starts) {
          const times = blockOf(start, service.durationMinutes, rules);
          const answerBy = card ? PAYMENT_WINDOW_MINUTES * 60_000 : rules.responseHours * 3_600_000;
          const expiresAt = new Date(Math.min(at.getTime() + answerBy, start.getTime()));
          const status = card ? 'awaiting_payment' : 'requested';
          const booking = await tx.booking.create({
            data: {
              serviceId: service.id,
              providerId: service.providerId,
              clientId: userId,
              seriesId: series?.id ?? null,
              ...times,
              timeZone: rules.timeZone,
              address: input.address,
              latitude: input.latitude ?? null,
              longitude: input.longitude ?? null,
              notes: input.notes ?? '',
              photoIds: JSON.stringify(photoIds),
              priceMinor: service.priceMinor,
              currency: service.currency,
              paymentMethod: card ? 'card' : 'cash',
              status,
              expiresAt,
            },
            include: bookingInclude,
          });
          ids.push(booking.id);
          await recordAudit({
            db: tx,
            action: `booking.${status}`,
            actorId: userId,
            subjectId: booking.id,
            origin,
            detail: { startAt: start.toISOString() },
          });
          await enqueueExpiry(tx, booking.id, status, expiresAt);
          // One notice for a series: its first occurrence. A card booking's comes once it is authorised.
          if (ids.length === 1 && !card) await notify(tx, config, booking, 'requested', 'provider');
        }
        return { ids, seriesId: series?.id ?? null };
      }, AGENDA_TRANSACTION),
    );
  } catch (error) {
    if (isOverlapViolation(error)) throw conflict();
    throw error;
  }
}

/** The expiry of a booking in one state: a job that finds it in another state does nothing. */
async function enqueueExpiry(tx: DbClient, bookingId: string, status: BookingStatus, runAt: Date) {
  await enqueueJob({
    db: tx,
    job: { kind: BOOKING_JOBS.expire, payload: { bookingId, status } },
    runAt,
    key: status === 'requested' ? `booking:${bookingId}:expire` : `booking:${bookingId}:expire:${status}`,
  });
}

/** Which party the user is in this booking, or null (they may not see it). */
export function partyOf(
  booking: { clientId: string; status: BookingStatus; provider: { userId: string } },
  userId: string,
  role: string,
): BookingParty | null {
  if (booking.clientId === userId) return 'client';
  // The provider learns of a card booking once the card is authorised.
  if (booking.provider.userId === userId) return booking.status === 'awaiting_payment' ? null : 'provider';
  if (role === 'admin') return 'admin';
  return null;
}

export interface TransitionInput {
  bookingId: string;
  action: BookingAction;
  /** The version the caller saw: an older one means another tab or person changed it since. */
  version: number;
  reason?: string;
  proposedStartAt?: Date;
  /** cancel: this occurrence, or this one and the later ones of its series. */
  scope?: 'this' | 'following';
  /** resolveDispute: what goes back to the client (0..price, minor units) and the admin's note. */
  refundMinor?: number;
  note?: string;
}

/**
 * One function per transition, all through here: the caller must be the party the table
 * names, the booking in a state the action starts from, and the version the caller saw
 * still current. The update is conditional on the state and version, so of two concurrent
 * changes exactly one wins and the other gets 409.
 */
export async function changeBooking({
  db,
  config,
  userId,
  role,
  input,
  origin,
  now = () => new Date(),
}: Deps & { userId: string; role: string; input: TransitionInput; origin: RequestOrigin }) {
  const booking = await findBooking(db, input.bookingId);
  const party = booking && partyOf(booking, userId, role);
  if (!booking || !party) throw new AppError('NOT_FOUND', 404, 'No such booking');
  if (booking.version !== input.version) throw stale(booking.version);
  const at = now();
  if (!allowedActions(booking, party, at).includes(input.action)) {
    throw new AppError('BOOKING_TRANSITION_NOT_ALLOWED', 409, `A ${party} cannot ${input.action} a booking that is ${booking.status} now`, {
      status: booking.status,
      allowed: allowedActions(booking, party, at),
    });
  }
  try {
    await agendaWrites(booking.providerId, () =>
      db.$transaction(async (tx) => {
        const targets =
          input.action === 'cancel' && input.scope === 'following' && booking.seriesId
            ? await tx.booking.findMany({
                where: { seriesId: booking.seriesId, startAt: { gte: booking.startAt }, status: { in: ['requested', 'accepted'] } },
                include: bookingInclude,
                orderBy: { startAt: 'asc' },
              })
            : [booking];
        for (const target of targets) {
          await applyTransition(tx, config, { booking: target, party, userId, input, at, origin, checkVersion: target.id === booking.id });
        }
      }, AGENDA_TRANSACTION),
    );
  } catch (error) {
    if (isOverlapViolation(error)) throw conflict();
    throw error;
  }
  return getBooking({ db, userId, role, bookingId: booking.id, now: at });
}

function stale(current: number) {
  return new AppError('BOOKING_STALE', 409, 'This booking changed since you loaded it; reload it and try again', { version: current });
}

/**
 * What cancelling at `at` costs `party`: the client pays the late fee on an accepted job
 * inside the policy's window; a request not yet accepted, or a cancellation by the
 * provider, costs the client nothing.
 */
function cancellationFee(
  booking: Pick<BookingRow, 'status' | 'startAt' | 'priceMinor'>,
  party: BookingParty,
  rules: { freeCancellationHours: number; lateCancellationFeeBps: number },
  at: Date,
): number {
  const late = booking.startAt.getTime() - at.getTime() < rules.freeCancellationHours * 3_600_000;
  if (party !== 'client' || booking.status !== 'accepted' || !late) return 0;
  return Math.floor((booking.priceMinor * rules.lateCancellationFeeBps) / 10_000);
}

async function applyTransition(
  tx: DbClient,
  config: Readonly<Config>,
  {
    booking,
    party,
    userId,
    input,
    at,
    origin,
    checkVersion,
  }: {
    booking: BookingRow;
    party: BookingParty;
    userId: string | null;
    input: Omit<TransitionInput, 'bookingId'>;
    at: Date;
    origin: RequestOrigin;
    checkVersion: boolean;
  },
) {
  const { action } = input;
  const transition = BOOKING_TRANSITIONS[action];
  const rules = await loadRules(tx, booking.providerId);
  let data: Record<string, unknown> = {};
  let event: BookingEvent;
  let notifyParty: 'client' | 'provider' = party === 'client' ? 'provider' : 'client';
  let fee = 0;
  switch (action) {
    case 'authorise': {
      const expiresAt = new Date(Math.min(at.getTime() + rules.responseHours * 3_600_000, booking.startAt.getTime()));
      data = { status: 'requested', expiresAt };
      event = 'requested';
      notifyParty = 'provider';
      break;
    }
    case 'accept':
      data = { status: 'accepted', acceptedAt: at, expiresAt: null };
      event = 'accepted';
      break;
    case 'decline':
      data = { status: 'declined', reason: input.reason ?? '' };
      event = 'declined';
      break;
    case 'expire':
      data = { status: 'expired' };
      event = 'expired';
      notifyParty = 'client';
      break;
    case 'checkIn':
      data = { status: 'in_progress', checkedInAt: at };
      event = 'checked_in';
      break;
    case 'complete':
      data = { status: 'completed', completedAt: at };
      event = 'completed';
      break;
    case 'confirm':
      data = { status: 'confirmed', confirmedAt: at };
      event = 'confirmed';
      notifyParty = 'provider';
      break;
    case 'noShow':
      data = { status: 'no_show', reason: input.reason ?? '' };
      event = 'no_show';
      break;
    case 'dispute':
      data = { status: 'disputed', reason: input.reason ?? '' };
      event = 'disputed';
      break;
    case 'cancelUnpaid':
      data = { status: 'cancelled', cancelledAt: at, cancelledBy: 'system', reason: 'unpaid', proposedStartAt: null, proposedBy: null };
      event = 'cancelled';
      break;
    case 'resolveDispute': {
      const { refundMinor, note } = input;
      if (refundMinor === undefined || !note) throw new AppError('VALIDATION_FAILED', 400, 'refundMinor and note are required');
      if (!Number.isSafeInteger(refundMinor) || refundMinor < 0 || refundMinor > booking.priceMinor) {
        throw new AppError('REFUND_OUT_OF_RANGE', 400, `The refund must be between 0 and the price (${booking.priceMinor})`, {
          maxMinor: booking.priceMinor,
        });
      }
      // A card payment charged already can give back only what it still holds.
      const payment = await tx.payment.findUnique({ where: { bookingId: booking.id }, select: { status: true } });
      if (payment?.status === 'captured') {
        const held = (await ledgerBalances(tx, { bookingId: booking.id })).find((b) => b.account === ACCOUNTS.cardClearing);
        const remaining = held?.sumMinor ?? 0;
        if (refundMinor > remaining) {
          throw new AppError('REFUND_EXCEEDS_REMAINING', 409, `A refund of ${refundMinor} is more than what remains (${remaining})`, {
            remainingMinor: remaining,
          });
        }
      }
      data = { status: 'resolved' };
      event = 'dispute_resolved';
      await tx.disputeResolution.create({
        data: { bookingId: booking.id, refundMinor, currency: booking.currency, note, resolvedById: userId ?? '' },
      });
      break;
    }
    case 'cancel': {
      fee = cancellationFee(booking, party, rules, at);
      data = {
        status: 'cancelled',
        cancelledAt: at,
        cancelledBy: party,
        cancellationFeeMinor: fee,
        reason: input.reason ?? '',
        proposedStartAt: null,
        proposedBy: null,
      };
      event = 'cancelled';
      break;
    }
    case 'proposeReschedule': {
      const proposed = input.proposedStartAt;
      if (!proposed) throw new AppError('VALIDATION_FAILED', 400, 'proposedStartAt is required');
      const service = await tx.service.findUniqueOrThrow({ where: { id: booking.serviceId }, select: { durationMinutes: true } });
      const busy = await busyBlocks(tx, booking.providerId, proposed, proposed, booking.id);
      const place = placeOf(booking);
      if (!isBookableStart({ rules, durationMinutes: service.durationMinutes, busy, place, now: at, start: proposed })) {
        throw new AppError('SLOT_UNAVAILABLE', 409, 'The provider is not available at that time', {
          unavailable: [proposed.toISOString()],
        });
      }
      data = { proposedStartAt: proposed, proposedBy: party };
      event = 'reschedule_proposed';
      break;
    }
    case 'acceptReschedule': {
      const service = await tx.service.findUniqueOrThrow({ where: { id: booking.serviceId }, select: { durationMinutes: true } });
      const times = blockOf(booking.proposedStartAt!, service.durationMinutes, rules);
      // The new time was free when proposed; the database refuses it if it no longer is.
      data = { ...times, proposedStartAt: null, proposedBy: null };
      event = 'rescheduled';
      break;
    }
    case 'declineReschedule':
      data = { proposedStartAt: null, proposedBy: null };
      event = 'reschedule_declined';
      break;
    default:
      throw new AppError('BOOKING_TRANSITION_NOT_ALLOWED', 409, `Unknown action ${String(action)}`);
  }
  const changed = await tx.booking.updateMany({
    where: {
      id: booking.id,
      status: { in: [...(transition.from as readonly BookingStatus[])] },
      ...(checkVersion ? { version: booking.version } : {}),
      // A reschedule answer must answer the proposal that is there now.
      ...(action === 'acceptReschedule' || action === 'declineReschedule' ? { proposedStartAt: booking.proposedStartAt } : {}),
    },
    data: { ...data, version: { increment: 1 } },
  });
  if (changed.count === 0) {
    const current = await tx.booking.findUnique({ where: { id: booking.id }, select: { version: true } });
    throw stale(current?.version ?? booking.version);
  }
  const after = (await findBooking(tx, booking.id))!;
  await recordAudit({
    db: tx,
    action: `booking.${event}`,
    actorId: userId,
    subjectId: booking.id,
    origin,
    detail: {
      from: booking.status,
      to: after.status,
      by: party,
      ...(fee ? { cancellationFeeMinor: fee } : {}),
      ...(action === 'resolveDispute' ? { refundMinor: input.refundMinor, note: input.note } : {}),
    },
  });
  const proposedAt = action === 'proposeReschedule' ? (data.proposedStartAt as Date) : null;
  // Nobody is told about a card booking that was never authorised: the provider never saw it.
  const silent = booking.status === 'awaiting_payment' && action !== 'authorise';
  // An admin's decision concerns both parties; every other change is told to the other one.
  for (const to of ['client', 'provider'] as const) {
    if ((notifyParty === to || party === 'admin' || action === 'cancelUnpaid') && !silent) {
      await notify(tx, config, after, event, to, {
        proposedAt,
        feeMinor: action === 'resolveDispute' ? input.refundMinor! : fee,
        reason: action === 'resolveDispute' ? input.note : input.reason,
      });
    }
  }
  await scheduleFollowUps(tx, after, action);
  if (after.paymentMethod === 'card') await schedulePaymentFollowUps(tx, after, action, fee, input.refundMinor ?? 0);
}

/**
 * What a card booking's change does to its hold, as jobs in the same transaction: the
 * request goes out with its expiry once authorised; the hold is captured at confirmation
 * (the cancellation fee only, on a late cancellation) and released when the job will not
 * happen. Each job has the booking's key, so it exists once.
 */
async function schedulePaymentFollowUps(tx: DbClient, booking: BookingRow, action: BookingAction, fee: number, refundMinor: number) {
  const job = (kind: string, step: string, payload: Record<string, string> = {}) =>
    enqueueJob({ db: tx, job: { kind, payload: { bookingId: booking.id, ...payload } }, key: stripeKey(booking.id, step) });
  // A payment already captured (charged before the job) is refunded rather than released.
  const payment = await tx.payment.findUnique({ where: { bookingId: booking.id }, select: { status: true } });
  const captured = payment?.status === 'captured';
  const refund = async (step: string, amountMinor: number) => {
    if (amountMinor > 0) await job(PAYMENT_JOBS.refund, `refund-job:${step}`, { amountMinor: String(amountMinor), step });
  };
  switch (action) {
    case 'authorise':
      await enqueueExpiry(tx, booking.id, 'requested', booking.expiresAt!);
      break;
    case 'confirm':
      await job(PAYMENT_JOBS.capture, 'capture');
      break;
    case 'cancel':
      // The policy: everything back when free or the provider's doing, the price less the fee otherwise.
      if (captured) await refund('cancel', booking.priceMinor - fee);
      else if (fee > 0) await job(PAYMENT_JOBS.capture, 'capture', { amountMinor: String(fee) });
      else await job(PAYMENT_JOBS.release, 'release');
      break;
    case 'decline':
    case 'expire':
    case 'noShow':
    case 'cancelUnpaid':
      if (captured) await refund(action, booking.priceMinor);
      else await job(PAYMENT_JOBS.release, 'release');
      break;
    case 'resolveDispute':
      // The hold is captured less what goes back (all of it back: released); a payment
      // captured already is refunded that part.
      if (captured) await refund('dispute', refundMinor);
      else if (refundMinor >= booking.priceMinor) await job(PAYMENT_JOBS.release, 'release');
      else await job(PAYMENT_JOBS.capture, 'capture', { amountMinor: String(booking.priceMinor - refundMinor) });
      break;
    default:
      break;
  }
}

/**
 * Stripe says a card booking's card is authorised: the request reaches the provider, in the
 * caller's transaction (the one that records the payment). Does nothing if the booking moved
 * on (cancelled or expired meanwhile: the payments module then releases the hold).
 */
export async function markBookingAuthorised({ db, config, bookingId }: { db: DbClient; config: Readonly<Config>; bookingId: string }) {
  const booking = await findBooking(db, bookingId);
  if (!booking || booking.status !== 'awaiting_payment') return false;
  await applyTransition(db, config, {
    booking,
    party: 'system',
    userId: null,
    input: { action: 'authorise', version: booking.version },
    at: new Date(),
    origin: { ip: '', userAgent: 'stripe' },
    checkVersion: true,
  });
  return true;
}

/**
 * The deadline to pay a card booking whose saved card failed off-session passed unpaid: the
 * booking is cancelled by the platform and both parties told. Does nothing once paid or moved on.
 */
export async function cancelUnpaidBooking({ db, config, bookingId }: { db: Db; config: Readonly<Config>; bookingId: string }) {
  const booking = await findBooking(db, bookingId);
  if (!booking || !(['requested', 'accepted'] as BookingStatus[]).includes(booking.status)) return false;
  await agendaWrites(booking.providerId, () =>
    db.$transaction(async (tx) => {
      const payment = await tx.payment.findUnique({ where: { bookingId }, select: { status: true } });
      if (payment?.status !== 'failed') return;
      await applyTransition(tx, config, {
        booking,
        party: 'system',
        userId: null,
        input: { action: 'cancelUnpaid', version: booking.version },
        at: new Date(),
        origin: { ip: '', userAgent: 'system' },
        checkVersion: true,
      });
    }, AGENDA_TRANSACTION),
  );
  return true;
}

/** The timed work a transition starts: reminders once accepted (again after a reschedule), auto-confirmation once done. */
async function scheduleFollowUps(tx: DbClient, booking: BookingRow, action: BookingAction) {
  if (action === 'accept' || (action === 'acceptReschedule' && booking.status === 'accepted')) {
    for (const hours of REMINDER_HOURS) {
      const runAt = new Date(booking.startAt.getTime() - hours * 3_600_000);
      if (runAt.getTime() <= Date.now()) continue;
      // Keyed by the start time: a reschedule makes new reminders, and the old ones find the time changed and do nothing.
      await enqueueJob({
        db: tx,
        job: {
          kind: BOOKING_JOBS.reminder,
          payload: { bookingId: booking.id, startAt: booking.startAt.toISOString(), hours: String(hours) },
        },
        runAt,
        key: `booking:${booking.id}:reminder:${hours}h:${booking.startAt.toISOString()}`,
      });
    }
  }
  if (action === 'complete') {
    await enqueueJob({
      db: tx,
      job: { kind: BOOKING_JOBS.autoConfirm, payload: { bookingId: booking.id } },
      runAt: new Date(booking.completedAt!.getTime() + AUTO_CONFIRM_HOURS * 3_600_000),
      key: `booking:${booking.id}:auto-confirm`,
    });
  }
}

/** The booking's page in the web client, in the reader's language (without one, the web picks the visitor's). */
export function bookingPageLink(config: Readonly<Config>, bookingId: string, locale?: Locale): string {
  return appLink({ baseUrl: config.frontendUrl, path: `${locale ? `/${locale}` : ''}/bookings/${bookingId}` });
}

async function notify(
  tx: DbClient,
  config: Readonly<Config>,
  booking: BookingRow,
  event: BookingEvent,
  to: 'client' | 'provider',
  { feeMinor = 0, ...extra }: { proposedAt?: Date | null; feeMinor?: number; reason?: string; hoursBefore?: number } = {},
) {
  const recipient = to === 'client' ? booking.client : booking.provider.user;
  const recipientId = to === 'client' ? booking.clientId : booking.provider.userId;
  const other = to === 'client' ? booking.provider.user.name : booking.client.name;
  const locale = recipient.locale as Locale;
  const notice = bookingNotice(event, locale, {
    service: booking.service.title,
    other,
    startAt: booking.startAt,
    timeZone: booking.timeZone,
    fee: feeMinor ? formatMoney(feeMinor, booking.currency, locale) : '',
    ...extra,
  });
  await sendNotice(
    tx,
    { ...recipient, id: recipientId },
    {
      event: event === 'reminder' ? 'reminders' : 'bookings',
      kind: `booking.${event}`,
      title: notice.subject,
      body: notice.body,
      sms: notice.sms,
      action: { label: notice.actionLabel, url: bookingPageLink(config, booking.id, locale) },
      bookingId: booking.id,
      timeZone: booking.timeZone,
      // Held through the night, an SMS about a job that starts before morning would come too late.
      smsUsefulUntil: booking.startAt,
    },
  );
}

/** A booking as one of its parties (or an admin) sees it, with what they may do now. */
export async function getBooking({
  db,
  userId,
  role,
  bookingId,
  now = new Date(),
}: {
  db: Db;
  userId: string;
  role: string;
  bookingId: string;
  now?: Date;
}) {
  const booking = await findBooking(db, bookingId);
  const party = booking && partyOf(booking, userId, role);
  if (!booking || !party) throw new AppError('NOT_FOUND', 404, 'No such booking');
  const [timeline, rules, photos, resolution] = await Promise.all([
    db.auditLog.findMany({
      where: { subjectId: booking.id, action: { startsWith: 'booking.' } },
      orderBy: { createdAt: 'asc' },
      select: { action: true, createdAt: true, detail: true },
    }),
    loadRules(db, booking.providerId),
    findOwnUploads({ db, ids: photoIdsOf(booking), ownerId: booking.clientId, kind: PHOTO_KIND }),
    db.disputeResolution.findUnique({ where: { bookingId: booking.id } }),
  ]);
  const actions = allowedActions(booking, party, now);
  return {
    ...toBookingView(booking),
    viewerRole: party,
    allowedActions: actions,
    cancellationFeeNowMinor: actions.includes('cancel') ? cancellationFee(booking, party, rules, now) : 0,
    // The parties see the photos; an admin reading the booking does not.
    photos:
      party === 'client' || party === 'provider'
        ? photos.map((photo) => ({
            id: photo.id,
            url: `/api/bookings/${booking.id}/photos/${photo.id}`,
            width: photo.width,
            height: photo.height,
          }))
        : [],
    timeline: timeline.map((entry) => ({
      event: entry.action.slice('booking.'.length),
      at: entry.createdAt.toISOString(),
      localAt: wallClock(entry.createdAt, booking.timeZone),
      by: (JSON.parse(entry.detail) as { by?: string }).by ?? 'client',
    })),
    disputeResolution: resolution
      ? {
          refundMinor: resolution.refundMinor,
          currency: resolution.currency,
          note: resolution.note,
          at: resolution.createdAt.toISOString(),
        }
      : null,
  };
}

const photoIdsOf = (booking: Pick<BookingRow, 'photoIds'>) => JSON.parse(booking.photoIds) as string[];

/** A photo of the job, for the booking's client and provider only; anyone else is told it does not exist. */
export async function openBookingPhoto({
  db,
  storage,
  userId,
  bookingId,
  photoId,
}: {
  db: Db;
  storage: ObjectStorage;
  userId: string;
  bookingId: string;
  photoId: string;
}) {
  const booking = await findBooking(db, bookingId);
  const party = booking && partyOf(booking, userId, '');
  if (!booking || !party || !photoIdsOf(booking).includes(photoId)) throw new AppError('NOT_FOUND', 404, 'No such photo');
  return openAttachedUpload({ db, storage, uploadId: photoId, kind: PHOTO_KIND });
}

/** An instant on a zone's wall clock, with its offset: "2026-12-03T13:30+01:00" (see the contract's wallClock). */
function wallClock(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mmZZ");
}

export function toBookingView(booking: BookingRow) {
  return {
    id: booking.id,
    status: booking.status,
    version: booking.version,
    service: booking.service,
    provider: { id: booking.provider.id, name: booking.provider.user.name },
    client: { name: booking.client.name },
    startAt: booking.startAt.toISOString(),
    endAt: booking.endAt.toISOString(),
    timeZone: booking.timeZone,
    local: {
      startAt: wallClock(booking.startAt, booking.timeZone),
      endAt: wallClock(booking.endAt, booking.timeZone),
      proposedStartAt: booking.proposedStartAt ? wallClock(booking.proposedStartAt, booking.timeZone) : null,
      expiresAt: booking.expiresAt ? wallClock(booking.expiresAt, booking.timeZone) : null,
    },
    address: booking.address,
    notes: booking.notes,
    priceMinor: booking.priceMinor,
    currency: booking.currency,
    paymentMethod: booking.paymentMethod,
    cancellationFeeMinor: booking.cancellationFeeMinor,
    cancelledBy: booking.cancelledBy,
    reason: booking.reason,
    proposedStartAt: booking.proposedStartAt?.toISOString() ?? null,
    proposedBy: booking.proposedBy,
    seriesId: booking.seriesId,
    expiresAt: booking.expiresAt?.toISOString() ?? null,
    createdAt: booking.createdAt.toISOString(),
  };
}

/** The caller's bookings as a client, or as a provider (their agenda), in a time range. */
export async function listBookings({
  db,
  userId,
  as,
  from,
  to,
  now = new Date(),
}: {
  db: Db;
  userId: string;
  as: 'client' | 'provider';
  from?: Date;
  to?: Date;
  now?: Date;
}) {
  const rows = await db.booking.findMany({
    where: {
      ...(as === 'client' ? { clientId: userId } : { provider: { userId }, status: { not: 'awaiting_payment' } }),
      ...(from || to ? { startAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}),
    },
    include: bookingInclude,
    orderBy: { startAt: 'asc' },
    take: 500,
  });
  return rows.map((row) => ({ ...toBookingView(row), allowedActions: allowedActions(row, as, now) }));
}

/** The timed work of bookings, run by the job runner; each is transactional and does nothing if the booking moved on. */
export function bookingJobs({ config }: { config: Readonly<Config> }): JobHandlers {
  const system = { ip: '', userAgent: 'worker' };
  const systemTransition = (action: 'expire' | 'confirm') => ({
    transactional: true,
    run: async ({ bookingId, status }: Record<string, string>, { db }: { db: DbClient }) => {
      const booking = await findBooking(db, bookingId!);
      // An expiry is for the state it was set in (the payment window, then the provider's answer).
      if (!booking || (action === 'expire' && booking.status !== (status ?? 'requested'))) return;
      if (!(BOOKING_TRANSITIONS[action].from as readonly string[]).includes(booking.status)) return;
      await applyTransition(db, config, {
        booking,
        party: 'system',
        userId: null,
        input: { action, version: booking.version },
        at: new Date(),
        origin: system,
        checkVersion: true,
      });
    },
  });
  return {
    [BOOKING_JOBS.expire]: systemTransition('expire'),
    [BOOKING_JOBS.autoConfirm]: systemTransition('confirm'),
    [BOOKING_JOBS.reminder]: {
      transactional: true,
      run: async ({ bookingId, startAt, hours }, { db }) => {
        const booking = await findBooking(db, bookingId!);
        // Moved or no longer happening: this reminder is for a time that is not the booking's.
        if (!booking || booking.status !== 'accepted' || booking.startAt.toISOString() !== startAt) return;
        for (const to of ['client', 'provider'] as const) await notify(db, config, booking, 'reminder', to, { hoursBefore: Number(hours) });
      },
    },
  };
}
