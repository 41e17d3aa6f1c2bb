import { syncPayment } from '../../src/modules/payments/payments.service';
import { as, type TestSession } from './accounts';
import { bookingBody } from './bookings';
import type { PaymentsTestApp } from './payments';

/** An IBAN with correct check digits for a country and a national account number (BBAN). */
export function ibanOf(country: string, bban: string): string {
  const digits = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const digit of digits) rest = (rest * 10 + Number(digit)) % 97;
  return `${country}${String(98 - rest).padStart(2, '0')}${bban}`;
}

async function book(t: PaymentsTestApp, client: TestSession, serviceId: string, slot: string, paymentMethod: 'card' | 'cash') {
  const booked = await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, slot, { paymentMethod }) });
  if (booked.statusCode !== 201) throw new Error(`booking: ${booked.statusCode} ${booked.body}`);
  return booked.json().ids[0] as string;
}

/**
 * A card job of `serviceId`, paid and captured through the API and the local Stripe server,
 * then confirmed `confirmedAgoMs` ago (the agenda's own steps are the bookings tests' business).
 */
export async function confirmedCardJob(t: PaymentsTestApp, client: TestSession, serviceId: string, slot: string, confirmedAgoMs: number) {
  const bookingId = await book(t, client, serviceId, slot, 'card');
  const started = await as(t, client)({ method: 'POST', url: `/api/bookings/${bookingId}/payment` });
  const intentId = started.json().intentId as string;
  await t.stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa' });
  await t.stripe.paymentIntents.capture(intentId, {}, { idempotencyKey: `booking:${bookingId}:capture` });
  await syncPayment({ db: t.db, stripe: t.stripe, config: t.config, intentId });
  const confirmedAt = new Date(Date.now() - confirmedAgoMs);
  await t.db.booking.update({ where: { id: bookingId }, data: { status: 'confirmed', completedAt: confirmedAt, confirmedAt } });
  return bookingId;
}

/** A cash job of `serviceId`, done, whose cash the provider confirms: its commission becomes owed. */
export async function confirmedCashJob(t: PaymentsTestApp, client: TestSession, provider: TestSession, serviceId: string, slot: string) {
  const bookingId = await book(t, client, serviceId, slot, 'cash');
  await t.db.booking.update({ where: { id: bookingId }, data: { status: 'completed', completedAt: new Date() } });
  const cash = await as(t, provider)({ method: 'POST', url: `/api/bookings/${bookingId}/cash-received` });
  if (cash.statusCode !== 200) throw new Error(`cash: ${cash.statusCode} ${cash.body}`);
  return bookingId;
}

/** Every movement sums to zero, and no account's balance is on the wrong side. */
export async function ledgerHealth(t: PaymentsTestApp) {
  const movements = await t.db.ledgerMovement.findMany({ include: { entries: true } });
  const unbalanced = movements.filter((m) => m.entries.reduce((sum, e) => sum + e.amountMinor, 0) !== 0).map((m) => m.key);
  const balances = await t.db.ledgerEntry.groupBy({ by: ['account', 'providerId', 'currency'], _sum: { amountMinor: true } });
  const sign: Record<string, 1 | -1> = {
    provider_payable: -1,
    payouts: -1,
    platform_commission: -1,
    cash_commission_owed: 1,
    card_clearing: 1,
    disputes: 1,
  };
  const wrongSide = balances
    .filter((b) => (b._sum.amountMinor ?? 0) * (sign[b.account] ?? 1) < 0)
    .map((b) => `${b.account}:${b.providerId}:${b._sum.amountMinor}`);
  return { unbalanced, wrongSide };
}
