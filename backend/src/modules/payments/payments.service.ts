import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/env';
import type { Db, DbClient } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import { enqueueJob, type JobHandlers, type KeyedJob } from '../../platform/jobs/jobs';
import type { StripeClient, StripeEvent } from '../../platform/payments/stripe';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import { cancelUnpaidBooking, markBookingAuthorised } from '../bookings/bookings.service';
import { applyPayoutEvent, isPayoutEvent } from '../payouts/payouts.service';
import { notifyPayment } from './payment-notices';
import { CARD_HOLD_DAYS, PAY_BY_HOURS, PAYMENT_JOBS, stripeEventKey, stripeKey } from './payment-jobs';
import { ACCOUNTS, commissionOf, ledgerBalances, postMovement, proportion, providerPosition } from './ledger';

/** Where a payment stands; a payment only moves forward in this order (see `RANK`). */
export type PaymentStatus = 'authorising' | 'requires_action' | 'failed' | 'card_saved' | 'authorised' | 'captured' | 'released';
const RANK: Record<PaymentStatus, number> = {
  authorising: 0,
  requires_action: 1,
  // A saved card whose off-session authorisation is refused moves on to failed.
  card_saved: 1,
  failed: 2,
  authorised: 3,
  captured: 4,
  released: 4,
};

interface Deps {
  db: Db;
  stripe: StripeClient;
  config: Readonly<Config>;
}

/** What the web checkout needs: card payment is offered with both keys (secret and publishable). */
export function checkoutSettings(config: Readonly<Config>) {
  const { secretKey, publishableKey, jsUrl } = config.stripe;
  return { cardAvailable: Boolean(secretKey && publishableKey), publishableKey: publishableKey ?? null, stripeJsUrl: jsUrl };
}

/**
 * Stores a Stripe event's id; false when it was stored already. Stripe redelivers events: the
 * id is the key, so a repeat (even a concurrent one) is a no-op.
 */
async function storeEventOnce(db: DbClient, event: StripeEvent): Promise<boolean> {
  const stored = await db.$executeRaw`
    INSERT INTO "StripeEvent" ("id", "type", "receivedAt") VALUES (${event.id}, ${event.type}, ${new Date()})
    ON CONFLICT ("id") DO NOTHING`;
  return stored > 0;
}

/** The commission rate of a service: its category's own, or the platform's. */
export async function commissionBpsFor(db: DbClient, config: Readonly<Config>, serviceId: string): Promise<number> {
  const service = await db.service.findUniqueOrThrow({ where: { id: serviceId }, select: { categoryId: true } });
  const own = await db.categoryCommission.findUnique({ where: { categoryId: service.categoryId } });
  return own?.commissionBps ?? config.payments.commissionBps;
}

function paymentView(payment: {
  status: string;
  amountMinor: number;
  currency: string;
  commissionBps: number;
  intentId: string | null;
  payBy: Date | null;
}) {
  return {
    status: payment.status as PaymentStatus,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    commissionBps: payment.commissionBps,
    intentId: payment.intentId,
    payBy: payment.payBy?.toISOString() ?? null,
  };
}

/**
 * The client starts paying a card booking: a PaymentIntent with manual capture, created
 * once (its idempotency key is the booking's), whose client secret the web checkout confirms
 * with Stripe.js (3-D Secure included). Calling again answers the same intent.
 */
export async function startCardPayment({
  db,
  stripe,
  config,
  userId,
  bookingId,
  at = new Date(),
}: Deps & { userId: string; bookingId: string; at?: Date }) {
  const booking = await db.booking.findUnique({ where: { id: bookingId } });
  if (!booking || booking.clientId !== userId) throw new AppError('NOT_FOUND', 404, 'No such booking');
  if (booking.paymentMethod !== 'card') throw new AppError('PAYMENT_METHOD_NOT_CARD', 409, 'This booking is paid in cash on site');
  const existing = await db.payment.findUnique({ where: { bookingId } });
  // A saved card that failed off-session: the client pays the same intent now, in the checkout.
  const payNow = existing?.status === 'failed' && existing.intentId !== null && ['requested', 'accepted'].includes(booking.status);
  if (booking.status !== 'awaiting_payment' && !payNow) {
    throw new AppError('PAYMENT_NOT_ALLOWED', 409, `A booking that is ${booking.status} cannot be paid now`);
  }
  if (existing?.intentId && existing.clientSecret)
    return { ...paymentView(existing), clientSecret: existing.clientSecret, mode: 'payment' as const };
  if (existing?.setupIntentId && existing.clientSecret)
    return { ...paymentView(existing), clientSecret: existing.clientSecret, mode: 'setup' as const };
  const commissionBps = existing?.commissionBps ?? (await commissionBpsFor(db, config, booking.serviceId));
  if (booking.startAt.getTime() - at.getTime() > CARD_HOLD_DAYS * 86_400_000) {
    return startCardSetup({ db, stripe, booking, commissionBps });
  }
  const intent = await stripe.paymentIntents.create(
    {
      amount: booking.priceMinor,
      currency: booking.currency.toLowerCase(),
      capture_method: 'manual',
      metadata: { bookingId },
    },
    { idempotencyKey: stripeKey(bookingId, 'intent') },
  );
  // Concurrent calls get the same intent (same key); the row is written once, by an insert
  // that does nothing on a conflict rather than failing (a unique violation would be a 500).
  const now = new Date();
  await db.$executeRaw`
    INSERT INTO "Payment" ("id", "bookingId", "clientId", "providerId", "status", "amountMinor", "currency", "commissionBps", "intentId", "clientSecret", "lastError", "createdAt", "updatedAt")
    VALUES (${randomUUID()}, ${bookingId}, ${booking.clientId}, ${booking.providerId}, ${'authorising'}, ${booking.priceMinor}, ${booking.currency}, ${commissionBps}, ${intent.id}, ${intent.client_secret}, ${''}, ${now}, ${now})
    ON CONFLICT ("bookingId") DO NOTHING`;
  const payment = await db.payment.findUniqueOrThrow({ where: { bookingId } });
  return { ...paymentView(payment), clientSecret: intent.client_secret ?? '', mode: 'payment' as const };
}

/** The client's Stripe Customer, made once (keyed by the client): saved cards hang on it. */
async function customerOf(db: Db, stripe: StripeClient, userId: string): Promise<string> {
  const known = await db.stripeCustomer.findUnique({ where: { userId } });
  if (known) return known.customerId;
  const customer = await stripe.customers.create({ metadata: { userId } }, { idempotencyKey: `client:${userId}:customer` });
  await db.$executeRaw`
    INSERT INTO "StripeCustomer" ("userId", "customerId", "createdAt") VALUES (${userId}, ${customer.id}, ${new Date()})
    ON CONFLICT ("userId") DO NOTHING`;
  return (await db.stripeCustomer.findUniqueOrThrow({ where: { userId } })).customerId;
}

/**
 * A job beyond the authorisation window: the checkout saves the card (SetupIntent for
 * off-session use); a job authorises it when the job enters the window (decision 0027).
 */
async function startCardSetup({
  db,
  stripe,
  booking,
  commissionBps,
}: {
  db: Db;
  stripe: StripeClient;
  booking: { id: string; clientId: string; providerId: string; priceMinor: number; currency: string };
  commissionBps: number;
}) {
  const customer = await customerOf(db, stripe, booking.clientId);
  const setup = await stripe.setupIntents.create(
    { customer, usage: 'off_session', metadata: { bookingId: booking.id } },
    { idempotencyKey: stripeKey(booking.id, 'setup') },
  );
  const now = new Date();
  await db.$executeRaw`
    INSERT INTO "Payment" ("id", "bookingId", "clientId", "providerId", "status", "amountMinor", "currency", "commissionBps", "setupIntentId", "clientSecret", "lastError", "createdAt", "updatedAt")
    VALUES (${randomUUID()}, ${booking.id}, ${booking.clientId}, ${booking.providerId}, ${'authorising'}, ${booking.priceMinor}, ${booking.currency}, ${commissionBps}, ${setup.id}, ${setup.client_secret}, ${''}, ${now}, ${now})
    ON CONFLICT ("bookingId") DO NOTHING`;
  const payment = await db.payment.findUniqueOrThrow({ where: { bookingId: booking.id } });
  return { ...paymentView(payment), clientSecret: payment.clientSecret ?? '', mode: 'setup' as const };
}

/**
 * Stripe says a booking's card is saved (or could not be): read back from Stripe, in one
 * transaction with the event's id. Saved: the request reaches the provider, and the
 * off-session authorisation is queued for when the job enters the hold window.
 */
export async function syncSetup({ db, stripe, config, setupIntentId, event }: Deps & { setupIntentId: string; event?: StripeEvent }) {
  const setup = await stripe.setupIntents.retrieve(setupIntentId);
  return db.$transaction(async (tx) => {
    if (event && !(await storeEventOnce(tx, event))) return { duplicate: true };
    const payment = await tx.payment.findUnique({ where: { setupIntentId } });
    if (!payment) return { duplicate: false };
    const money = { bookingId: payment.bookingId, currency: payment.currency, amountMinor: payment.amountMinor };
    if (setup.status === 'succeeded') {
      const method = typeof setup.payment_method === 'string' ? setup.payment_method : (setup.payment_method?.id ?? null);
      const saved = await tx.payment.updateMany({
        where: { id: payment.id, status: { in: ['authorising', 'requires_action', 'failed'] } },
        data: { status: 'card_saved', paymentMethodId: method, lastError: '' },
      });
      if (saved.count === 0) return { duplicate: false };
      const sent = await markBookingAuthorised({ db: tx, config, bookingId: payment.bookingId });
      if (sent) {
        const booking = await tx.booking.findUniqueOrThrow({ where: { id: payment.bookingId }, select: { startAt: true } });
        const runAt = new Date(Math.max(Date.now(), booking.startAt.getTime() - CARD_HOLD_DAYS * 86_400_000));
        await enqueueJob({
          db: tx,
          job: { kind: PAYMENT_JOBS.authoriseOffSession, payload: { bookingId: payment.bookingId } },
          runAt,
          key: stripeKey(payment.bookingId, 'authorise-off-session'),
        });
      }
    } else if (setup.last_setup_error) {
      const failed = await tx.payment.updateMany({
        where: { id: payment.id, status: { in: ['authorising', 'requires_action'] } },
        data: { status: 'failed', lastError: setup.last_setup_error.code ?? '' },
      });
      if (failed.count > 0) await notifyPayment(tx, config, { ...money, event: 'failed' });
    }
    return { duplicate: false };
  });
}

/**
 * The saved card of a booking beyond the window, authorised now (off-session, manual capture):
 * then the usual capture at confirmation. A refusal (declined, or the bank wants the
 * cardholder) is recorded by syncPayment: the client is told and given until a deadline.
 */
export async function authoriseOffSession({ db, stripe, config, bookingId }: StepDeps) {
  const payment = await db.payment.findUnique({ where: { bookingId } });
  const booking = await db.booking.findUnique({ where: { id: bookingId }, select: { status: true } });
  if (!payment?.paymentMethodId || !booking || !['requested', 'accepted'].includes(booking.status)) return { duplicate: false };
  let intentId = payment.intentId;
  if (!intentId) {
    const customer = await customerOf(db, stripe, payment.clientId);
    let created: { id: string; client_secret: string | null };
    try {
      created = await stripe.paymentIntents.create(
        {
          amount: payment.amountMinor,
          currency: payment.currency.toLowerCase(),
          customer,
          payment_method: payment.paymentMethodId,
          capture_method: 'manual',
          off_session: true,
          confirm: true,
          metadata: { bookingId },
        },
        { idempotencyKey: stripeKey(bookingId, 'intent') },
      );
    } catch (error) {
      // A card error still made the intent: it is recorded, and the client pays it on-session.
      const made = (error as { raw?: { payment_intent?: { id: string; client_secret: string | null } } }).raw?.payment_intent;
      if (!made) throw error;
      created = made;
    }
    await db.payment.updateMany({
      where: { id: payment.id, intentId: null },
      data: { intentId: created.id, clientSecret: created.client_secret },
    });
    intentId = created.id;
  }
  return syncPayment({ db, stripe, config, intentId });
}

/** The deadline to pay after a failed off-session authorisation: unpaid, the booking is cancelled. */
export async function payByDeadline({ db, config, bookingId }: { db: Db; config: Readonly<Config>; bookingId: string }) {
  return cancelUnpaidBooking({ db, config, bookingId });
}

/** A booking's payment and its ledger movements, for its client, its provider or an admin. */
export async function getBookingPayment({ db, userId, role, bookingId }: { db: Db; userId: string; role: string; bookingId: string }) {
  const booking = await db.booking.findUnique({
    where: { id: bookingId },
    select: { clientId: true, status: true, provider: { select: { userId: true } } },
  });
  // The provider learns of a card booking once its card is authorised.
  const isProvider = booking?.provider.userId === userId && booking.status !== 'awaiting_payment';
  if (!booking || (booking.clientId !== userId && !isProvider && role !== 'admin')) {
    throw new AppError('NOT_FOUND', 404, 'No such booking');
  }
  const payment = await db.payment.findUnique({ where: { bookingId } });
  const balances = await ledgerBalances(db, { bookingId });
  return { payment: payment ? paymentView(payment) : null, balances };
}

type Intent = Awaited<ReturnType<StripeClient['paymentIntents']['retrieve']>>;

function statusOf(intent: Intent): PaymentStatus {
  switch (intent.status) {
    case 'requires_capture':
      return 'authorised';
    case 'succeeded':
      return 'captured';
    case 'canceled':
      return 'released';
    case 'requires_action':
      return 'requires_action';
    default:
      return intent.last_payment_error ? 'failed' : 'authorising';
  }
}

/**
 * Brings a payment in line with Stripe: re-reads the intent, its refunds and its disputes,
 * then, in one transaction, moves the payment forward and posts every movement not posted
 * yet (each keyed by the Stripe object it comes from). It only ever adds what Stripe says
 * happened, so any number of calls, in any order of events, ends in the same state.
 */
export async function syncPayment({
  db,
  stripe,
  config,
  intentId,
  event,
}: {
  db: Db;
  stripe: StripeClient;
  config: Readonly<Config>;
  intentId: string;
  event?: StripeEvent;
}) {
  const [intent, refunds, disputes] = await Promise.all([
    stripe.paymentIntents.retrieve(intentId),
    stripe.refunds.list({ payment_intent: intentId, limit: 100 }),
    stripe.disputes.list({ payment_intent: intentId, limit: 100 }),
  ]);
  return db.$transaction(async (tx) => {
    if (event && !(await storeEventOnce(tx, event))) return { duplicate: true };
    const payment = await tx.payment.findUnique({ where: { intentId } });
    // An intent the platform did not make (another integration on the account): nothing to do.
    if (!payment) return { duplicate: false };
    // Syncs of one payment queue behind each other from here (the row's write lock), so each
    // reads the movements the previous one posted.
    await tx.payment.update({ where: { id: payment.id }, data: { updatedAt: new Date() } });
    const status = statusOf(intent);
    const lower = (Object.keys(RANK) as PaymentStatus[]).filter((s) => RANK[s] < RANK[status]);
    const moved = await tx.payment.updateMany({
      where: { id: payment.id, status: { in: lower } },
      data: { status, lastError: intent.last_payment_error?.code ?? '' },
    });
    const money = { bookingId: payment.bookingId, currency: payment.currency };
    const booking = await tx.booking.findUnique({ where: { id: payment.bookingId }, select: { status: true, startAt: true } });
    // A saved card authorised off-session for a booking the provider already has.
    const offSession = booking !== null && booking.status !== 'awaiting_payment' && payment.setupIntentId !== null;
    if (moved.count > 0 && status === 'failed') {
      await notifyPayment(tx, config, { ...money, event: 'failed', amountMinor: payment.amountMinor });
      if (offSession && ['requested', 'accepted'].includes(booking.status)) {
        // The client pays in the checkout by the deadline, or the booking is cancelled.
        const payBy = new Date(
          Math.max(Date.now() + 3_600_000, Math.min(Date.now() + PAY_BY_HOURS * 3_600_000, booking.startAt.getTime() - 86_400_000)),
        );
        await tx.payment.update({ where: { id: payment.id }, data: { payBy } });
        await enqueueJob({
          db: tx,
          job: { kind: PAYMENT_JOBS.payBy, payload: { bookingId: payment.bookingId } },
          runAt: payBy,
          key: stripeKey(payment.bookingId, 'pay-by'),
        });
      }
    }
    const holding = offSession && ['requested', 'accepted', 'in_progress', 'completed', 'disputed'].includes(booking.status);
    if (moved.count > 0 && status === 'authorised' && !holding) {
      // The request reaches the provider now; if the booking was cancelled or expired while
      // the card was being authorised, the hold goes back at once.
      const sent = await markBookingAuthorised({ db: tx, config, bookingId: payment.bookingId });
      if (!sent) {
        await enqueueJob({
          db: tx,
          job: { kind: PAYMENT_JOBS.release, payload: { bookingId: payment.bookingId } },
          key: stripeKey(payment.bookingId, 'release'),
        });
      }
    }
    const base = { bookingId: payment.bookingId, currency: payment.currency };
    const captured = intent.amount_received;
    const commission = commissionOf(captured, payment.commissionBps);
    if (captured > 0) {
      const posted = await postMovement(tx, {
        ...base,
        key: `capture:${intent.id}`,
        kind: 'capture',
        lines: [
          { account: ACCOUNTS.cardClearing, amountMinor: captured },
          { account: ACCOUNTS.platformCommission, amountMinor: -commission },
          { account: ACCOUNTS.providerPayable, providerId: payment.providerId, amountMinor: -(captured - commission) },
        ],
      });
      if (posted) await notifyPayment(tx, config, { ...money, event: 'captured', amountMinor: captured });
    }
    // Each new refund takes back the commission's share of everything refunded so far, less
    // what earlier refunds took back: rounding never leaves the provider owing on a full
    // refund made in parts, whatever order the refunds are recorded in.
    const earlier = await tx.ledgerEntry.findMany({
      where: { movement: { bookingId: payment.bookingId, kind: 'refund' } },
      select: { account: true, amountMinor: true, movement: { select: { key: true } } },
    });
    const posted = new Set(earlier.map((entry) => entry.movement.key));
    let refunded = -sumOf(earlier, ACCOUNTS.cardClearing);
    let commissionReturned = sumOf(earlier, ACCOUNTS.platformCommission);
    for (const refund of [...refunds.data].sort((a, b) => a.created - b.created || a.id.localeCompare(b.id))) {
      if (refund.status === 'failed' || refund.status === 'canceled' || posted.has(`refund:${refund.id}`)) continue;
      const commissionShare = proportion(refunded + refund.amount, commission, captured) - commissionReturned;
      const refundPosted = await postMovement(tx, {
        ...base,
        key: `refund:${refund.id}`,
        kind: 'refund',
        lines: [
          { account: ACCOUNTS.cardClearing, amountMinor: -refund.amount },
          { account: ACCOUNTS.platformCommission, amountMinor: commissionShare },
          { account: ACCOUNTS.providerPayable, providerId: payment.providerId, amountMinor: refund.amount - commissionShare },
        ],
      });
      if (refundPosted) await notifyPayment(tx, config, { ...money, event: 'refunded', amountMinor: refund.amount });
      refunded += refund.amount;
      commissionReturned += commissionShare;
    }
    for (const dispute of disputes.data) {
      await postMovement(tx, {
        ...base,
        key: `dispute:${dispute.id}`,
        kind: 'dispute',
        lines: [
          { account: ACCOUNTS.cardClearing, amountMinor: -dispute.amount },
          { account: ACCOUNTS.disputes, amountMinor: dispute.amount },
        ],
      });
      // A lost chargeback leaves the disputes account: it is recovered from the provider's
      // payable, the commission on it given back, as for a refund (decision 0027).
      if (dispute.status === 'lost') {
        const commissionShare = proportion(dispute.amount, commission, captured);
        await postMovement(tx, {
          ...base,
          key: `dispute-lost:${dispute.id}`,
          kind: 'dispute_lost',
          lines: [
            { account: ACCOUNTS.disputes, amountMinor: -dispute.amount },
            { account: ACCOUNTS.platformCommission, amountMinor: commissionShare },
            { account: ACCOUNTS.providerPayable, providerId: payment.providerId, amountMinor: dispute.amount - commissionShare },
          ],
        });
      }
      if (dispute.status === 'won') {
        await postMovement(tx, {
          ...base,
          key: `dispute-won:${dispute.id}`,
          kind: 'dispute_won',
          lines: [
            { account: ACCOUNTS.cardClearing, amountMinor: dispute.amount },
            { account: ACCOUNTS.disputes, amountMinor: -dispute.amount },
          ],
        });
      }
    }
    return { duplicate: false };
  });
}

function sumOf(entries: Array<{ account: string; amountMinor: number }>, account: string) {
  return entries.filter((entry) => entry.account === account).reduce((sum, entry) => sum + entry.amountMinor, 0);
}

const PAYMENT_EVENT_PREFIXES = ['payment_intent.', 'charge.', 'refund.'];

/** The intent an event is about, when it is one the platform follows. */
export function intentOfEvent(event: StripeEvent): string | null {
  if (!PAYMENT_EVENT_PREFIXES.some((prefix) => event.type.startsWith(prefix))) return null;
  const object = event.data.object as { object?: string; id?: string; payment_intent?: string | { id: string } | null };
  if (object.object === 'payment_intent') return object.id ?? null;
  const intent = object.payment_intent;
  return typeof intent === 'string' ? intent : (intent?.id ?? null);
}

/**
 * A verified Stripe event: stored once by id and applied from Stripe's current truth (see
 * syncPayment). Events about nothing the platform follows are stored and ignored.
 */
export async function applyStripeEvent({ db, stripe, config, event }: Deps & { event: StripeEvent }) {
  // Connected accounts and transfers are the payouts module's.
  if (isPayoutEvent(event)) return applyPayoutEvent({ db, stripe, config, event });
  if (event.type.startsWith('setup_intent.')) {
    const setupIntentId = (event.data.object as { id?: string }).id;
    if (setupIntentId) return syncSetup({ db, stripe, config, setupIntentId, event });
  }
  const intentId = intentOfEvent(event);
  if (intentId) return syncPayment({ db, stripe, config, intentId, event });
  return { duplicate: !(await storeEventOnce(db, event)) };
}

/**
 * The job that applies a verified event (`applyStripeEvent`), keyed by the event's id so that
 * it is stored once: Stripe has its answer as soon as the event is safe, and a burst of
 * events is applied at the workers' pace, each retried with back-off if Stripe or the
 * database fails meanwhile. A repeat (Stripe redelivers) finds the job there: nothing more.
 */
export function stripeEventJob(event: StripeEvent, raw: string): KeyedJob {
  return { job: { kind: PAYMENT_JOBS.stripeEvent, payload: { event: raw } }, key: stripeEventKey(event.id) };
}

async function paymentOf(db: DbClient, bookingId: string) {
  const payment = await db.payment.findUnique({ where: { bookingId } });
  return payment?.intentId ? (payment as typeof payment & { intentId: string }) : null;
}

const noPayment = () => new AppError('PAYMENT_NOT_FOUND', 404, 'This booking has no card payment');

type StepDeps = Deps & { bookingId: string };

/**
 * Captures a booking's authorisation (all of it, or `amountMinor` of it for a cancellation
 * fee; the rest is released). Looks at Stripe first, so a capture that already happened is
 * only recorded; otherwise the call carries the booking's capture key, so a retry after a
 * crash between Stripe's answer and the commit replays the same capture.
 */
export async function capturePayment({ db, stripe, config, bookingId, amountMinor }: StepDeps & { amountMinor?: number }) {
  const payment = await paymentOf(db, bookingId);
  if (!payment) throw noPayment();
  const intent = await stripe.paymentIntents.retrieve(payment.intentId);
  if (intent.status === 'requires_capture') {
    await stripe.paymentIntents.capture(payment.intentId, amountMinor === undefined ? {} : { amount_to_capture: amountMinor }, {
      idempotencyKey: stripeKey(bookingId, 'capture'),
    });
  }
  return syncPayment({ db, stripe, config, intentId: payment.intentId });
}

/** Releases a booking's authorisation (decline, expiry, free cancellation); harmless when already released. */
export async function releasePayment({ db, stripe, config, bookingId }: StepDeps) {
  const payment = await paymentOf(db, bookingId);
  // Cancelled before the checkout made an intent: nothing is held.
  if (!payment) return { duplicate: false };
  const intent = await stripe.paymentIntents.retrieve(payment.intentId);
  if (!['succeeded', 'canceled'].includes(intent.status)) {
    await stripe.paymentIntents.cancel(payment.intentId, {}, { idempotencyKey: stripeKey(bookingId, 'release') });
  }
  return syncPayment({ db, stripe, config, intentId: payment.intentId });
}

/**
 * Refunds part or all of a captured payment; `step` names the refund, so each is made once.
 * Looks for its own earlier refund first (a retry only records it); more than what remains
 * captured and not refunded is refused before Stripe is asked.
 */
export async function refundPayment({
  db,
  stripe,
  config,
  bookingId,
  amountMinor,
  step,
}: StepDeps & { amountMinor: number; step: string }) {
  const payment = await paymentOf(db, bookingId);
  if (!payment) throw noPayment();
  const [intent, refunds] = await Promise.all([
    stripe.paymentIntents.retrieve(payment.intentId),
    stripe.refunds.list({ payment_intent: payment.intentId, limit: 100 }),
  ]);
  const done = refunds.data.filter((refund) => refund.status !== 'failed' && refund.status !== 'canceled');
  // The same step with another amount still goes to Stripe, which refuses the key's reuse.
  if (done.find((refund) => refund.metadata?.step === step)?.amount !== amountMinor) {
    const remaining = intent.amount_received - done.reduce((sum, refund) => sum + refund.amount, 0);
    if (!Number.isSafeInteger(amountMinor) || amountMinor < 1 || amountMinor > remaining) {
      throw new AppError('REFUND_EXCEEDS_REMAINING', 409, `A refund of ${amountMinor} is more than what remains (${remaining})`, {
        remainingMinor: remaining,
      });
    }
    await stripe.refunds.create(
      { payment_intent: payment.intentId, amount: amountMinor, metadata: { bookingId, step } },
      { idempotencyKey: stripeKey(bookingId, `refund:${step}`) },
    );
  }
  return syncPayment({ db, stripe, config, intentId: payment.intentId });
}

/**
 * The provider confirms the client paid cash on site: the platform's commission becomes a
 * balance the provider owes, settled from later card payouts or shown as due. Once per booking.
 */
export async function confirmCashReceived({
  db,
  config,
  userId,
  bookingId,
  origin,
}: {
  db: Db;
  config: Readonly<Config>;
  userId: string;
  bookingId: string;
  origin: RequestOrigin;
}) {
  const booking = await db.booking.findUnique({ where: { id: bookingId }, include: { provider: { select: { userId: true } } } });
  if (!booking || booking.provider.userId !== userId || booking.status === 'awaiting_payment') {
    throw new AppError('NOT_FOUND', 404, 'No such booking');
  }
  if (booking.paymentMethod !== 'cash') throw new AppError('PAYMENT_METHOD_NOT_CASH', 409, 'This booking is paid by card');
  if (!['completed', 'confirmed'].includes(booking.status)) {
    throw new AppError('CASH_NOT_DUE', 409, `Cash is confirmed once the job is done; this booking is ${booking.status}`);
  }
  const bps = await commissionBpsFor(db, config, booking.serviceId);
  const commission = commissionOf(booking.priceMinor, bps);
  const recorded = await db.$transaction(async (tx) => {
    const posted = await postMovement(tx, {
      key: `cash:${booking.id}`,
      kind: 'cash_commission',
      bookingId: booking.id,
      currency: booking.currency,
      lines: [
        { account: ACCOUNTS.cashCommissionOwed, providerId: booking.providerId, amountMinor: commission },
        { account: ACCOUNTS.platformCommission, amountMinor: -commission },
      ],
    });
    if (posted) {
      await recordAudit({
        db: tx,
        action: 'payment.cash_received',
        actorId: userId,
        subjectId: booking.id,
        origin,
        detail: { amountMinor: booking.priceMinor, commissionMinor: commission, currency: booking.currency },
      });
      await notifyPayment(tx, config, {
        bookingId: booking.id,
        event: 'cash_received',
        amountMinor: booking.priceMinor,
        currency: booking.currency,
      });
    }
    return posted;
  });
  return { recorded, commissionMinor: commission, currency: booking.currency };
}

/** The provider's earnings position in each currency they work in. */
export async function providerEarnings({ db, userId }: { db: Db; userId: string }) {
  const provider = await db.providerProfile.findUnique({ where: { userId }, select: { id: true } });
  if (!provider) throw new AppError('PROVIDER_PROFILE_REQUIRED', 409, 'Only providers have earnings');
  const balances = await ledgerBalances(db, { providerId: provider.id });
  const currencies = [...new Set(balances.map((b) => b.currency))].sort();
  return { positions: await Promise.all(currencies.map((currency) => providerPosition(db, provider.id, currency))) };
}

/** The back office's disputes: bookings waiting for an admin's outcome, and card chargebacks from the ledger. */
export async function listDisputes({ db }: { db: Db }) {
  const [bookings, movements] = await Promise.all([
    db.booking.findMany({
      where: { status: 'disputed' },
      orderBy: { updatedAt: 'asc' },
      take: 200,
      select: {
        id: true,
        version: true,
        priceMinor: true,
        currency: true,
        paymentMethod: true,
        reason: true,
        startAt: true,
        service: { select: { title: true } },
        client: { select: { name: true } },
        provider: { select: { user: { select: { name: true } } } },
      },
    }),
    db.ledgerMovement.findMany({
      where: { kind: { in: ['dispute', 'dispute_won', 'dispute_lost'] } },
      orderBy: { createdAt: 'desc' },
      take: 600,
      include: { entries: { where: { account: ACCOUNTS.disputes } } },
    }),
  ]);
  // One line per chargeback: its opening movement, with the outcome its closing one says.
  const closed = new Map(movements.filter((m) => m.kind !== 'dispute').map((m) => [m.key.slice(m.key.indexOf(':') + 1), m.kind]));
  const chargebacks = movements
    .filter((m) => m.kind === 'dispute')
    .map((m) => {
      const disputeId = m.key.slice('dispute:'.length);
      const outcome = closed.get(disputeId);
      return {
        bookingId: m.bookingId,
        disputeId,
        outcome: outcome === 'dispute_won' ? ('won' as const) : outcome === 'dispute_lost' ? ('lost' as const) : ('open' as const),
        amountMinor: m.entries.reduce((sum, entry) => sum + entry.amountMinor, 0),
        currency: m.currency,
        at: m.createdAt.toISOString(),
      };
    });
  return {
    bookings: bookings.map((b) => ({
      id: b.id,
      version: b.version,
      service: b.service.title,
      client: b.client.name,
      provider: b.provider.user.name,
      priceMinor: b.priceMinor,
      currency: b.currency,
      paymentMethod: b.paymentMethod,
      reason: b.reason,
      startAt: b.startAt.toISOString(),
    })),
    chargebacks,
  };
}

/** Stripe work done after a booking changes: each job is safe to run twice (keys, and a look at Stripe first). */
export function paymentJobs(deps: Deps): JobHandlers {
  return {
    [PAYMENT_JOBS.capture]: async ({ bookingId, amountMinor }) => {
      await capturePayment({ ...deps, bookingId: bookingId!, ...(amountMinor ? { amountMinor: Number(amountMinor) } : {}) });
    },
    [PAYMENT_JOBS.release]: async ({ bookingId }) => {
      await releasePayment({ ...deps, bookingId: bookingId! });
    },
    [PAYMENT_JOBS.stripeEvent]: async ({ event }) => {
      await applyStripeEvent({ ...deps, event: JSON.parse(event!) as StripeEvent });
    },
    [PAYMENT_JOBS.refund]: async ({ bookingId, amountMinor, step }) => {
      await refundPayment({ ...deps, bookingId: bookingId!, amountMinor: Number(amountMinor), step: step! });
    },
    [PAYMENT_JOBS.authoriseOffSession]: async ({ bookingId }) => {
      await authoriseOffSession({ ...deps, bookingId: bookingId! });
    },
    [PAYMENT_JOBS.payBy]: async ({ bookingId }) => {
      await payByDeadline({ ...deps, bookingId: bookingId! });
    },
  };
}
