import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/modules/notifications/notifications.service';
import { postMovement } from '../../src/modules/payments/ledger';
import { capturePayment, refundPayment } from '../../src/modules/payments/payments.service';
import {
  RECONCILIATION_JOB,
  dayOf,
  reconciliationJobs,
  reconciliationKey,
  scheduleRecentReconciliations,
} from '../../src/modules/payments/reconciliation.service';
import { adminWithSecondFactor, as, signUp, type TestSession } from '../support/accounts';
import { authorisedPayment, createPaymentsApp, type PaymentsTestApp } from '../support/payments';

// The daily reconciliation: Stripe's balance transactions of a day against the ledger's card
// movements. Each difference is reported once; running a day again gives the same report.
describe('daily reconciliation with Stripe', () => {
  let t: PaymentsTestApp;
  let admin: TestSession;
  let member: TestSession;
  const today = dayOf(new Date());
  const METRICS_TOKEN = 'metrics-token-for-reconciliation-tests';
  beforeAll(async () => {
    t = await createPaymentsApp({ METRICS_TOKEN: METRICS_TOKEN });
    admin = await adminWithSecondFactor(t, { email: 'ops-reconcile@example.test' });
    member = await signUp(t);
  });
  afterAll(() => t.close());

  const rerun = (day = today) => as(t, admin)({ method: 'POST', url: `/api/admin/reconciliation/${day}/run` });
  const reports = async () => (await as(t, admin)({ method: 'GET', url: '/api/admin/reconciliation' })).json().reports;
  const differencesMetric = async () => {
    const text = (await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body;
    return Number(/^payments_reconciliation_differences (\d+)$/m.exec(text)?.[1]);
  };

  /** A card payment captured and recorded, as a confirmed job's would be. */
  async function capturedPayment(amountMinor: number) {
    const payment = await authorisedPayment(t, { amountMinor });
    await capturePayment({ db: t.db, stripe: t.stripe, config: t.config, ...payment });
    return payment;
  }

  it('finds nothing to report on a day where Stripe and the ledger agree', async () => {
    await capturedPayment(12_000);
    const refunded = await capturedPayment(8_000);
    await refundPayment({
      db: t.db,
      stripe: t.stripe,
      config: t.config,
      bookingId: refunded.bookingId,
      amountMinor: 3_000,
      step: 'partial',
    });
    const res = await rerun();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ day: today, stripeCount: 3, ledgerCount: 3, differences: 0, lines: [] });
    expect(await differencesMetric()).toBe(0);
  });

  it('reports a refund made at Stripe that the ledger lacks, and a movement Stripe has no trace of, once each', async () => {
    const payment = await capturedPayment(20_000);
    // Made at Stripe directly (the dashboard, another integration); its event never arrives.
    const refund = await t.stripe.refunds.create({ payment_intent: payment.intentId, amount: 4_500 });
    await t.db.$transaction((tx) =>
      postMovement(tx, {
        key: 'capture:pi_never_at_stripe',
        kind: 'capture',
        bookingId: 'bk_ghost',
        currency: 'MAD',
        lines: [
          { account: 'card_clearing', amountMinor: 7_000 },
          { account: 'platform_commission', amountMinor: -1_050 },
          { account: 'provider_payable', providerId: 'provider-ghost', amountMinor: -5_950 },
        ],
      }),
    );
    const expected = [
      {
        kind: 'missing_at_stripe',
        key: 'capture:pi_never_at_stripe',
        balanceTransaction: null,
        stripeAmountMinor: null,
        ledgerAmountMinor: 7_000,
        currency: 'MAD',
      },
      {
        kind: 'missing_in_ledger',
        key: `refund:${refund.id}`,
        balanceTransaction: expect.stringMatching(/^txn_/),
        stripeAmountMinor: -4_500,
        ledgerAmountMinor: null,
        currency: 'MAD',
      },
    ];
    const first = await rerun();
    expect(first.json()).toMatchObject({ stripeCount: 5, ledgerCount: 5, differences: 2 });
    expect(first.json().lines).toEqual(expected);
    // Again: the same report, the lines replaced rather than added.
    const second = await rerun();
    expect(second.json().lines).toEqual(first.json().lines);
    expect(await t.db.reconciliationReport.count({ where: { day: today } })).toBe(1);
    expect(await t.db.reconciliationLine.count()).toBe(2);
    expect(await reports()).toEqual([expect.objectContaining({ day: today, differences: 2, lines: expected })]);
    expect(await differencesMetric()).toBe(2);
    expect(await t.db.auditLog.count({ where: { action: 'payment.reconciliation_run', subjectId: today } })).toBe(3);
  });

  it('reports an amount that differs', async () => {
    const payment = await capturedPayment(9_000);
    // A ledger written wrongly (by hand, or a bug): Stripe captured 9,000.
    await t.db.ledgerEntry.updateMany({
      where: { movement: { key: `capture:${payment.intentId}` }, account: 'card_clearing' },
      data: { amountMinor: 9_100 },
    });
    const lines = (await rerun()).json().lines;
    expect(lines).toContainEqual(
      expect.objectContaining({
        kind: 'amount_differs',
        key: `capture:${payment.intentId}`,
        stripeAmountMinor: 9_000,
        ledgerAmountMinor: 9_100,
      }),
    );
  });

  it('runs once a day from the job table: the day is the key', async () => {
    await t.db.reconciliationReport.deleteMany();
    await scheduleRecentReconciliations(t.db);
    await scheduleRecentReconciliations(t.db);
    const yesterday = dayOf(new Date(Date.now() - 86_400_000));
    const queued = await t.db.outboxMessage.findMany({ where: { template: RECONCILIATION_JOB }, orderBy: { nextAttemptAt: 'asc' } });
    expect(queued.map((job) => job.idempotencyKey)).toEqual([reconciliationKey(yesterday), reconciliationKey(today)]);
    // Yesterday's run is due now; it reconciles its day and queues the next (today's, already there).
    const jobs = reconciliationJobs({ db: t.db, stripe: t.stripe });
    await runDueJobs({ db: t.db, jobs });
    expect((await reports()).map((r: { day: string }) => r.day)).toEqual([yesterday]);
    expect(await t.db.outboxMessage.count({ where: { template: RECONCILIATION_JOB } })).toBe(2);
    // Today's runs at half past midnight tomorrow.
    await runDueJobs({ db: t.db, jobs, now: () => new Date(Date.now() + 2 * 86_400_000) });
    expect((await reports()).map((r: { day: string }) => r.day)).toEqual([today, yesterday]);
  });

  it('lets only admins read and re-run, and refuses a bad or future day', async () => {
    for (const session of [member]) {
      expect((await as(t, session)({ method: 'GET', url: '/api/admin/reconciliation' })).statusCode).toBe(403);
      expect((await as(t, session)({ method: 'POST', url: `/api/admin/reconciliation/${today}/run` })).statusCode).toBe(403);
    }
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/admin/reconciliation', headers: { origin: t.config.frontendUrl } });
    expect(anonymous.statusCode).toBe(401);
    for (const day of ['2026-02-30x', '2026-13-01', 'yesterday']) {
      const res = await rerun(day);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const impossible = await rerun('2026-02-30');
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json().error.code).toBe('INVALID_DAY');
    const future = await rerun(dayOf(new Date(Date.now() + 3 * 86_400_000)));
    expect(future.statusCode).toBe(409);
    expect(future.json().error.code).toBe('DAY_NOT_STARTED');
  });
});
