import type { Locale } from '@khadamat/contracts';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import { ACCOUNTS } from './ledger';
import { renderReceipt, renderStatement, type StatementMovement } from './payment-documents';

/** Movements that bring money in from a client: a card capture, or cash confirmed by the provider. */
const PAID_KINDS = ['capture', 'cash_commission'];

interface Paid {
  bookingId: string;
  method: 'card' | 'cash';
  status: string;
  paidAt: Date;
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  receiptAvailable: boolean;
}

/** What each of these bookings' clients paid, from the ledger (card: captured and refunded; cash: the price). */
async function moneyOf(db: Db, bookingIds: string[]) {
  const movements = await db.ledgerMovement.findMany({
    where: { bookingId: { in: bookingIds }, kind: { in: [...PAID_KINDS, 'refund'] } },
    select: {
      bookingId: true,
      kind: true,
      createdAt: true,
      entries: { where: { account: ACCOUNTS.cardClearing }, select: { amountMinor: true } },
    },
  });
  const byBooking = new Map<string, { capturedMinor: number; refundedMinor: number; paidAt: Date | null; cash: boolean }>();
  for (const movement of movements) {
    const money = byBooking.get(movement.bookingId!) ?? { capturedMinor: 0, refundedMinor: 0, paidAt: null, cash: false };
    const card = movement.entries.reduce((sum, entry) => sum + entry.amountMinor, 0);
    if (movement.kind === 'refund') money.refundedMinor -= card;
    else {
      money.capturedMinor += card;
      money.cash ||= movement.kind === 'cash_commission';
      money.paidAt = movement.createdAt;
    }
    byBooking.set(movement.bookingId!, money);
  }
  return byBooking;
}

/** Every payment of a client: their card bookings' payments and their cash bookings whose cash was recorded. */
async function paymentsOfClient(db: Db, clientId: string): Promise<Paid[]> {
  const cardPayments = await db.payment.findMany({ where: { clientId } });
  const cashBookings = await db.booking.findMany({
    where: { clientId, paymentMethod: 'cash', status: { in: ['confirmed', 'completed'] } },
    select: { id: true, priceMinor: true, currency: true },
  });
  const money = await moneyOf(db, [...cardPayments.map((p) => p.bookingId), ...cashBookings.map((b) => b.id)]);
  const paid: Paid[] = cardPayments.map((payment) => {
    const m = money.get(payment.bookingId);
    return {
      bookingId: payment.bookingId,
      method: 'card',
      status: payment.status,
      paidAt: m?.paidAt ?? payment.createdAt,
      amountMinor: m?.capturedMinor || payment.amountMinor,
      refundedMinor: m?.refundedMinor ?? 0,
      currency: payment.currency,
      receiptAvailable: (m?.capturedMinor ?? 0) > 0,
    };
  });
  for (const booking of cashBookings) {
    const m = money.get(booking.id);
    if (!m?.cash || !m.paidAt) continue;
    paid.push({
      bookingId: booking.id,
      method: 'cash',
      status: 'cash_received',
      paidAt: m.paidAt,
      amountMinor: booking.priceMinor,
      refundedMinor: 0,
      currency: booking.currency,
      receiptAvailable: true,
    });
  }
  return paid;
}

const cursorOf = (p: Paid) => `${p.paidAt.toISOString()}|${p.bookingId}`;

/**
 * The client's payments, newest first, a page at a time. A client's bookings are few, so
 * the list is built whole and cut at the cursor (the payment's date and booking id).
 */
export async function listMyPayments({ db, userId, before, limit }: { db: Db; userId: string; before?: string; limit: number }) {
  const all = (await paymentsOfClient(db, userId)).sort((a, b) => cursorOf(b).localeCompare(cursorOf(a)));
  const from = before ? all.filter((p) => cursorOf(p) < before) : all;
  const page = from.slice(0, limit);
  const bookings = await db.booking.findMany({
    where: { id: { in: page.map((p) => p.bookingId) } },
    select: { id: true, startAt: true, service: { select: { title: true } }, provider: { select: { user: { select: { name: true } } } } },
  });
  const byId = new Map(bookings.map((b) => [b.id, b]));
  return {
    payments: page.map((p) => {
      const booking = byId.get(p.bookingId);
      return {
        bookingId: p.bookingId,
        serviceTitle: booking?.service.title ?? '',
        providerName: booking?.provider.user.name ?? '',
        startAt: (booking?.startAt ?? p.paidAt).toISOString(),
        paidAt: p.paidAt.toISOString(),
        method: p.method,
        status: p.status,
        amountMinor: p.amountMinor,
        refundedMinor: p.refundedMinor,
        currency: p.currency,
        receiptAvailable: p.receiptAvailable,
      };
    }),
    nextCursor: from.length > limit ? cursorOf(page.at(-1)!) : null,
  };
}

/** A receipt's number: the booking's, so the same receipt always carries the same number. */
export const receiptNumber = (bookingId: string) => `R-${bookingId.toUpperCase()}`;

/**
 * A booking's receipt as a PDF, for its client or an admin (anyone else: no such booking),
 * in the language asked for or the reader's own.
 */
export async function bookingReceipt({
  db,
  userId,
  role,
  bookingId,
  lang,
}: {
  db: Db;
  userId: string;
  role: string;
  bookingId: string;
  lang?: Locale;
}) {
  const booking = await db.booking.findUnique({
    where: { id: bookingId },
    select: {
      id: true,
      clientId: true,
      startAt: true,
      timeZone: true,
      priceMinor: true,
      currency: true,
      paymentMethod: true,
      service: { select: { title: true } },
      provider: { select: { user: { select: { name: true } } } },
      client: { select: { name: true } },
    },
  });
  if (!booking || (booking.clientId !== userId && role !== 'admin')) throw new AppError('NOT_FOUND', 404, 'No such booking');
  const money = (await moneyOf(db, [bookingId])).get(bookingId);
  if (!money?.paidAt || (!money.cash && money.capturedMinor <= 0)) {
    throw new AppError('RECEIPT_NOT_AVAILABLE', 409, 'Nothing has been paid for this booking yet');
  }
  const reader = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { locale: true } });
  const language = lang ?? (reader.locale as Locale);
  const charged = money.cash ? booking.priceMinor : money.capturedMinor;
  return renderReceipt({
    language,
    number: receiptNumber(booking.id),
    paidAt: money.paidAt,
    startAt: booking.startAt,
    timeZone: booking.timeZone,
    clientName: booking.client.name,
    serviceTitle: booking.service.title,
    providerName: booking.provider.user.name,
    method: money.cash ? 'cash' : 'card',
    currency: booking.currency,
    chargedMinor: charged,
    refundedMinor: money.refundedMinor,
  });
}

/** How a movement changes what the platform owes the provider (earned less owed). */
function providerEffect(entries: Array<{ account: string; providerId: string | null; amountMinor: number }>, providerId: string) {
  return entries
    .filter((e) => e.providerId === providerId && (e.account === ACCOUNTS.providerPayable || e.account === ACCOUNTS.cashCommissionOwed))
    .reduce((sum, e) => sum - e.amountMinor, 0);
}

/**
 * The provider's statement of a UTC month as a PDF: each ledger movement touching their
 * accounts (card captures and refunds with the commission, cash commission owed, payouts,
 * disputes), the totals, and the balance before and after the month.
 */
export async function monthlyStatement({ db, userId, month, lang }: { db: Db; userId: string; month: string; lang?: Locale }) {
  const provider = await db.providerProfile.findUnique({
    where: { userId },
    select: { id: true, user: { select: { name: true, locale: true } } },
  });
  if (!provider) throw new AppError('PROVIDER_PROFILE_REQUIRED', 409, 'Only providers have statements');
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(year, monthNumber - 1, 1));
  const end = new Date(Date.UTC(year, monthNumber, 1));
  const movements = await db.ledgerMovement.findMany({
    where: { createdAt: { gte: start, lt: end }, entries: { some: { providerId: provider.id } } },
    orderBy: [{ createdAt: 'asc' }, { key: 'asc' }],
    select: { key: true, kind: true, bookingId: true, currency: true, createdAt: true, entries: true },
  });
  const before = await db.ledgerEntry.groupBy({
    by: ['currency'],
    where: {
      providerId: provider.id,
      account: { in: [ACCOUNTS.providerPayable, ACCOUNTS.cashCommissionOwed] },
      movement: { createdAt: { lt: start } },
    },
    _sum: { amountMinor: true },
  });
  const rows: StatementMovement[] = movements.map((movement) => {
    const of = (account: string) =>
      movement.entries
        .filter((e) => e.account === account && (e.providerId === null || e.providerId === provider.id))
        .reduce((s, e) => s + e.amountMinor, 0);
    return {
      at: movement.createdAt,
      kind: movement.kind,
      bookingId: movement.bookingId,
      currency: movement.currency,
      grossMinor: of(ACCOUNTS.cardClearing),
      commissionMinor: -of(ACCOUNTS.platformCommission),
      effectMinor: providerEffect(movement.entries, provider.id),
    };
  });
  const currencies = [...new Set([...rows.map((r) => r.currency), ...before.map((b) => b.currency)])].sort();
  const opening = new Map(before.map((b) => [b.currency, -(b._sum.amountMinor ?? 0)]));
  return renderStatement({
    language: lang ?? (provider.user.locale as Locale),
    month,
    providerName: provider.user.name,
    movements: rows,
    balances: currencies.map((currency) => {
      const openingMinor = opening.get(currency) ?? 0;
      const changeMinor = rows.filter((r) => r.currency === currency).reduce((s, r) => s + r.effectMinor, 0);
      return { currency, openingMinor, changeMinor, closingMinor: openingMinor + changeMinor };
    }),
  });
}
