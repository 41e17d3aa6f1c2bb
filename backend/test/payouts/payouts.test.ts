import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planPayouts } from '../../src/modules/payouts/payouts.service';
import { transferGroupOf, transferRequest } from '../../src/modules/payouts/payout-rails';
import { adminWithSecondFactor, as, signUp, type TestSession } from '../support/accounts';
import { bookableService, nextSlots, seedReference } from '../support/bookings';
import { stripeSignatureHeader } from '../../src/platform/payments/local-stripe';
import { createPaymentsApp, webhook, type PaymentsTestApp } from '../support/payments';
import { confirmedCardJob, confirmedCashJob, ibanOf, ledgerHealth } from '../support/payouts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
// A 300 MAD job at 15 %: the provider earns 255 MAD; a cash job of the same price owes 45 MAD.
const SHARE = 25_500;
const COMMISSION = 4_500;
const CONNECT_SECRET = 'whsec_test_connect_endpoint';

// Providers get paid: a booking's share matures PAYOUT_HOLD_DAYS after confirmation; a run
// pays what matured, less the cash commission owed, on the provider's rail, once.
describe('payouts', () => {
  let t: PaymentsTestApp;
  let client: TestSession;
  let admin: TestSession;
  let bank: { provider: TestSession; serviceId: string };
  let connect: { provider: TestSession; serviceId: string };
  let stranger: TestSession;
  const slots = new Map<string, string[]>();
  beforeAll(async () => {
    t = await createPaymentsApp({ STRIPE_CONNECT_WEBHOOK_SECRET: CONNECT_SECRET });
    await seedReference(t);
    client = await signUp(t);
    stranger = await signUp(t, { role: 'provider' });
    admin = await adminWithSecondFactor(t, { email: 'ops-payouts@example.test' });
    for (const key of ['bank', 'connect'] as const) {
      const bookable = await bookableService(t, { priceMinor: 30_000 });
      const entry = { provider: bookable.provider, serviceId: bookable.service.id };
      if (key === 'bank') bank = entry;
      else connect = entry;
      // Every other slot: a 60-minute job starts every 30 minutes.
      slots.set(bookable.service.id, (await nextSlots(t, bookable.service.id, 3)).filter((_, i) => i % 2 === 0).slice(2));
    }
  });
  afterAll(() => t.close());

  const slotOf = (serviceId: string) => slots.get(serviceId)!.shift()!;
  const anonymous = (method: 'GET' | 'POST' | 'PUT', url: string) =>
    t.app.inject({ method, url, headers: { origin: t.config.frontendUrl } });
  const overview = async (session: TestSession) => (await as(t, session)({ method: 'GET', url: '/api/me/payouts' })).json();
  const run = async () =>
    (await as(t, admin)({ method: 'POST', url: '/api/admin/payouts/run' })).json() as { created: number; sent: number };
  const IBAN = ibanOf('MA', '011780000012345678901234');

  it('lets each provider see and set only their own payouts; admins run and batch', async () => {
    expect((await as(t, client)({ method: 'GET', url: '/api/me/payouts' })).statusCode).toBe(403);
    expect((await as(t, admin)({ method: 'GET', url: '/api/me/payouts' })).statusCode).toBe(403);
    expect((await anonymous('GET', '/api/me/payouts')).statusCode).toBe(401);
    expect((await anonymous('PUT', '/api/me/payouts/bank-account')).statusCode).toBe(401);
    expect((await anonymous('POST', '/api/me/payouts/onboarding')).statusCode).toBe(401);
    const put = (session: TestSession, iban: string) =>
      as(t, session)({ method: 'PUT', url: '/api/me/payouts/bank-account', payload: { iban } });
    expect((await put(client, IBAN)).statusCode).toBe(403);
    for (const bad of [
      IBAN.slice(0, -1),
      `${IBAN.slice(0, -1)}${(Number(IBAN.at(-1)) + 1) % 10}`,
      ibanOf('FR', '30006000011234567890189'),
      '',
    ]) {
      const res = await put(bank.provider, bad);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const set = await put(bank.provider, IBAN.replace(/(.{4})/g, '$1 '));
    expect(set.json()).toEqual({ ibanMasked: `${IBAN.slice(0, 4)} •••• ${IBAN.slice(-4)}`, country: 'MA' });
    // Stored sealed: no digit run of the account number is in the row.
    const row = await t.db.payoutAccount.findFirstOrThrow({ where: { rail: 'bank' } });
    expect(row.ibanSealed).not.toContain(IBAN.slice(4, 16));
    const mine = await overview(bank.provider);
    expect(mine.account).toMatchObject({ rail: 'bank', ibanMasked: set.json().ibanMasked, ready: true, connect: null });
    // A provider in Rabat: bank transfer first; Connect for a bank account abroad.
    expect(mine.rails).toEqual(['bank', 'connect']);
    expect((await overview(stranger)).account).toBeNull();

    for (const [method, url] of [
      ['POST', '/api/admin/payouts/run'],
      ['GET', '/api/admin/payout-batches'],
      ['POST', '/api/admin/payout-batches'],
      ['GET', '/api/admin/payout-batches/nope/csv'],
    ] as const) {
      for (const session of [client, bank.provider]) expect((await as(t, session)({ method, url })).statusCode).toBe(403);
      expect((await anonymous(method, url)).statusCode).toBe(401);
    }
    expect((await as(t, admin)({ method: 'GET', url: '/api/admin/payout-batches/nope/csv' })).statusCode).toBe(404);
    const line = (payload: unknown) => as(t, admin)({ method: 'POST', url: '/api/admin/payout-batches/nope/lines/nope', payload });
    expect((await line({ status: 'paid' })).statusCode).toBe(404);
    expect((await line({ status: 'failed' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await line({ status: 'lost' })).statusCode).toBe(400);
    expect((await as(t, admin)({ method: 'POST', url: '/api/admin/payout-batches' })).json().error.code).toBe('PAYOUT_BATCH_EMPTY');
  });

  it('holds a share until the delay has passed, nets the cash commission owed, and pays once', async () => {
    const hold = t.config.payments.payoutHoldDays * DAY;
    await confirmedCardJob(t, client, bank.serviceId, slotOf(bank.serviceId), hold - HOUR);
    expect(await run()).toEqual({ created: 0, sent: 0 });
    expect((await overview(bank.provider)).balances).toEqual([
      expect.objectContaining({ currency: 'MAD', payableMinor: SHARE, heldMinor: SHARE, maturedMinor: 0, dueMinor: 0 }),
    ]);
    await confirmedCardJob(t, client, bank.serviceId, slotOf(bank.serviceId), hold + HOUR);
    await confirmedCashJob(t, client, bank.provider, bank.serviceId, slotOf(bank.serviceId));
    expect((await overview(bank.provider)).balances[0]).toMatchObject({
      payableMinor: 2 * SHARE,
      maturedMinor: SHARE,
      heldMinor: SHARE,
      cashCommissionOwedMinor: COMMISSION,
      dueMinor: SHARE - COMMISSION,
    });
    const runs = await Promise.all([run(), run()]);
    expect(runs.reduce((sum, r) => sum + r.created, 0)).toBe(1);
    expect(await run()).toEqual({ created: 0, sent: 0 });
    const after = await overview(bank.provider);
    expect(after.payouts).toEqual([
      expect.objectContaining({ rail: 'bank', status: 'pending', amountMinor: SHARE - COMMISSION, nettedMinor: COMMISSION }),
    ]);
    expect(after.balances[0]).toMatchObject({
      payableMinor: SHARE,
      maturedMinor: 0,
      cashCommissionOwedMinor: 0,
      dueMinor: 0,
      inTransitMinor: SHARE - COMMISSION,
    });
    expect(await ledgerHealth(t)).toEqual({ unbalanced: [], wrongSide: [] });
  });

  it('batches bank payouts, gives the bank its file, and returns a failed line’s money to the provider', async () => {
    const created = await as(t, admin)({ method: 'POST', url: '/api/admin/payout-batches' });
    expect(created.statusCode).toBe(201);
    const batch = created.json();
    expect(batch.lines).toEqual([
      expect.objectContaining({ status: 'pending', amountMinor: SHARE - COMMISSION, ibanMasked: expect.any(String) }),
    ]);
    expect((await as(t, admin)({ method: 'POST', url: '/api/admin/payout-batches' })).statusCode).toBe(409);
    const csv = await as(t, admin)({ method: 'GET', url: `/api/admin/payout-batches/${batch.id}/csv` });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[1]).toBe(
      `"${batch.lines[0].id}","${batch.lines[0].providerName}","${IBAN}","210.00","MAD","KHADAMAT ${batch.lines[0].id}","pending"`,
    );

    const mark = (payload: unknown) =>
      as(t, admin)({ method: 'POST', url: `/api/admin/payout-batches/${batch.id}/lines/${batch.lines[0].id}`, payload });
    const failed = await mark({ status: 'failed', reason: 'Compte clôturé' });
    expect(failed.json()).toMatchObject({ status: 'failed', failureReason: 'Compte clôturé' });
    expect((await mark({ status: 'failed', reason: 'Compte clôturé' })).statusCode).toBe(200);
    const paidLate = await mark({ status: 'paid' });
    expect(paidLate.statusCode).toBe(409);
    expect(paidLate.json().error.code).toBe('PAYOUT_LINE_SETTLED');
    // The money is owed again (the cash commission stays settled), and the next run pays it.
    expect((await overview(bank.provider)).balances[0]).toMatchObject({
      payableMinor: SHARE + SHARE - COMMISSION,
      maturedMinor: SHARE - COMMISSION,
      cashCommissionOwedMinor: 0,
      inTransitMinor: 0,
    });
    expect(await run()).toEqual({ created: 1, sent: 0 });
    const second = (await as(t, admin)({ method: 'POST', url: '/api/admin/payout-batches' })).json();
    const line = second.lines[0];
    expect(line).toMatchObject({ amountMinor: SHARE - COMMISSION, nettedMinor: 0 });
    const paid = await as(
      t,
      admin,
    )({ method: 'POST', url: `/api/admin/payout-batches/${second.id}/lines/${line.id}`, payload: { status: 'paid' } });
    expect(paid.json()).toMatchObject({ status: 'paid', settledAt: expect.any(String) });
    expect((await overview(bank.provider)).balances[0]).toMatchObject({ payableMinor: SHARE, maturedMinor: 0, inTransitMinor: 0 });
    // The provider was told of both, by the bell (and mail): a payout never fails silently.
    const bell = (await as(t, bank.provider)({ method: 'GET', url: '/api/me/notifications' })).json();
    expect(bell.notifications.map((n: { kind: string }) => n.kind).filter((k: string) => k.startsWith('payout.'))).toEqual([
      'payout.paid',
      'payout.failed',
    ]);
    const list = (await as(t, admin)({ method: 'GET', url: '/api/admin/payout-batches' })).json();
    expect(list.waiting).toBe(0);
    expect(list.batches.map((b: { lines: Array<{ status: string }> }) => b.lines.map((l) => l.status))).toEqual([['paid'], ['failed']]);
    expect(await ledgerHealth(t)).toEqual({ unbalanced: [], wrongSide: [] });
  });

  it('onboards a Connect account once and shows what Stripe still needs', async () => {
    const start = (payload: Record<string, string>) =>
      as(t, connect.provider)({ method: 'POST', url: '/api/me/payouts/onboarding', payload });
    // A provider in Rabat: Stripe does not pay out to Morocco.
    const refused = await start({ locale: 'ar' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('PAYOUT_RAIL_UNAVAILABLE');
    expect((await start({ country: 'fr' })).statusCode).toBe(400);
    expect((await as(t, client)({ method: 'POST', url: '/api/me/payouts/onboarding', payload: {} })).statusCode).toBe(403);
    const [first, again] = [await start({ locale: 'ar', country: 'FR' }), await start({ locale: 'ar', country: 'FR' })];
    expect(first.json().accountId).toBe(again.json().accountId);
    const before = await overview(connect.provider);
    expect(before.account).toMatchObject({ rail: 'connect', country: 'FR', ready: false });
    expect(before.account.connect.currentlyDue.length).toBeGreaterThan(0);

    // Stripe's hosted onboarding (the local stand-in page), then back to the payouts page in Arabic.
    const page = await fetch(again.json().url);
    expect(page.status).toBe(200);
    const submitted = await fetch(again.json().url, { method: 'POST', redirect: 'manual' });
    expect(submitted.headers.get('location')).toBe(`${t.config.frontendUrl}/ar/account/payouts?onboarding=return`);
    // The used link now goes back to the refresh URL.
    expect((await fetch(again.json().url, { redirect: 'manual' })).headers.get('location')).toBe(
      `${t.config.frontendUrl}/ar/account/payouts?onboarding=refresh`,
    );
    const updated = t.localStripe.events().filter((e) => e.type === 'account.updated') as Array<{ id: string }>;
    expect((await webhook(t, updated.at(-1)!.id)).json()).toEqual({ received: true, duplicate: false });
    expect((await webhook(t, updated.at(-1)!.id)).json()).toEqual({ received: true, duplicate: true });
    const after = await overview(connect.provider);
    expect(after.account).toMatchObject({
      ready: true,
      connect: { payoutsEnabled: true, currentlyDue: [], pastDue: [], disabledReason: null },
    });

    // Stripe asks for more: payouts stop, and the provider sees what is past due.
    t.localStripe.requireMore(first.json().accountId, ['individual.verification.document']);
    const more = t.localStripe.events().filter((e) => e.type === 'account.updated') as Array<{ id: string }>;
    await webhook(t, more.at(-1)!.id);
    expect((await overview(connect.provider)).account).toMatchObject({
      ready: false,
      connect: { payoutsEnabled: false, pastDue: ['individual.verification.document'], disabledReason: 'requirements.past_due' },
    });
    // Stripe's Connect endpoint signs with its own secret; the same URL takes it, and only it.
    t.localStripe.completeOnboarding(first.json().accountId);
    const done = (t.localStripe.events().filter((e) => e.type === 'account.updated') as Array<{ id: string }>).at(-1)!;
    const { payload } = t.localStripe.signed(done.id);
    const post = (secret: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/webhooks/stripe',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': stripeSignatureHeader(secret, payload, Math.floor(Date.now() / 1000)),
        },
        payload,
      });
    expect((await post('whsec_someone_else')).statusCode).toBe(400);
    expect((await post(CONNECT_SECRET)).json()).toEqual({ received: true, duplicate: false });
    expect((await overview(connect.provider)).account).toMatchObject({ ready: true });
  });

  it('transfers once when the process dies between Stripe’s transfer and the commit, then reruns', async () => {
    await confirmedCardJob(t, client, connect.serviceId, slotOf(connect.serviceId), 30 * DAY);
    const account = await t.db.payoutAccount.findFirstOrThrow({ where: { rail: 'connect' } });
    // The dying run: the payout and its movement committed, Stripe's transfer made with the
    // payout's key, then nothing more reached the database.
    const [payout] = await planPayouts({ db: t.db, config: t.config, stripe: t.stripe }, account.providerId, new Date());
    await t.stripe.transfers.create(transferRequest(payout!, account.stripeAccountId!), { idempotencyKey: transferGroupOf(payout!.id) });
    expect((await t.db.payout.findUniqueOrThrow({ where: { id: payout!.id } })).status).toBe('pending');
    // The next runs, and Stripe's event, twice.
    expect(await run()).toEqual({ created: 0, sent: 1 });
    expect(await run()).toEqual({ created: 0, sent: 0 });
    const [created] = t.localStripe.events().filter((e) => e.type === 'transfer.created') as Array<{ id: string }>;
    await webhook(t, created!.id);
    await webhook(t, created!.id);
    expect(t.localStripe.transfers(account.stripeAccountId!)).toBe(1);
    const movements = await t.db.ledgerMovement.findMany({ where: { key: { endsWith: payout!.id } } });
    expect(movements.map((m) => m.key).sort()).toEqual([`payout-paid:${payout!.id}`, `payout:${payout!.id}`]);
    expect((await overview(connect.provider)).payouts).toEqual([
      expect.objectContaining({ rail: 'connect', status: 'paid', amountMinor: SHARE }),
    ]);
    expect((await overview(connect.provider)).balances[0]).toMatchObject({ payableMinor: 0, inTransitMinor: 0 });

    // A transfer the platform reverses: the money is owed to the provider again.
    await t.stripe.transfers.createReversal(
      (await t.db.payout.findUniqueOrThrow({ where: { id: payout!.id } })).transferId!,
      {},
      {
        idempotencyKey: `payout:${payout!.id}:reversal`,
      },
    );
    const [reversed] = t.localStripe.events().filter((e) => e.type === 'transfer.reversed') as Array<{ id: string }>;
    await webhook(t, reversed!.id);
    expect((await overview(connect.provider)).payouts[0]).toMatchObject({ status: 'failed', failureReason: 'transfer_reversed' });
    expect((await overview(connect.provider)).balances[0]).toMatchObject({ payableMinor: SHARE });
    expect(await ledgerHealth(t)).toEqual({ unbalanced: [], wrongSide: [] });
  });
});
