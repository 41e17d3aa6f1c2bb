import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVE_STATUSES } from '../../src/modules/bookings/booking.transitions';
import { changeBooking, isOverlapViolation, requestBooking } from '../../src/modules/bookings/bookings.service';
import { createDb } from '../../src/platform/db/client';
import { AppError } from '../../src/platform/errors/app-error';
import { as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { createTestApp, type TestApp } from '../support/test-app';
import { testEnv } from '../support/test-env';

const MINUTE = 60_000;

/** Pairs of active bookings of one provider whose blocks overlap: must always be none. */
async function overlaps(t: TestApp, providerId: string) {
  const rows = await t.db.booking.findMany({
    where: { providerId, status: { in: [...ACTIVE_STATUSES] } },
    orderBy: { blockStart: 'asc' },
  });
  const found: string[] = [];
  for (let i = 1; i < rows.length; i += 1) {
    if (rows[i]!.blockStart < rows[i - 1]!.blockEnd) found.push(`${rows[i - 1]!.id} / ${rows[i]!.id}`);
  }
  return found;
}

describe('no double booking, ever', () => {
  let t: TestApp;
  let clients: TestSession[];
  beforeAll(async () => {
    // Every request below comes from one address: the per-IP limit is not what is tested.
    t = await createTestApp({ RATE_LIMIT_MAX: '100000' });
    await seedReference(t);
    clients = [];
    for (let i = 0; i < 8; i += 1) clients.push(await signUp(t));
  });
  afterAll(() => t.close());

  const providerIdOf = async (serviceId: string) => (await t.db.service.findUniqueOrThrow({ where: { id: serviceId } })).providerId;

  it('accepts exactly one of 200 simultaneous requests for one slot; every other gets 409', async () => {
    const { service } = await bookableService(t);
    const [slot] = await nextSlots(t, service.id);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        as(t, clients[i % clients.length]!)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, slot!) }),
      ),
    );
    const statuses = answers.map((res) => res.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(199);
    const codes = new Set(answers.filter((res) => res.statusCode === 409).map((res) => res.json().error.code as string));
    expect([...codes].every((code) => code === 'BOOKING_CONFLICT' || code === 'SLOT_UNAVAILABLE')).toBe(true);
    expect(await t.db.booking.count({ where: { serviceId: service.id } })).toBe(1);
  });

  it('is guaranteed by the database itself: of simultaneous overlapping inserts from several connections, one commits', async () => {
    const { service } = await bookableService(t);
    const row = await t.db.service.findUniqueOrThrow({ where: { id: service.id } });
    // Clients of their own, as several API processes would have, writing behind the service's
    // back (SQLite: one connection; a file database takes one writer at a time anyway).
    const others = Array.from(
      { length: testEnv.dbProvider === 'sqlite' ? 1 : 4 },
      () => createDb({ databaseUrl: t.config.database.url, poolMax: 5 }).db,
    );
    try {
      const start = Date.now() + 48 * 60 * MINUTE;
      const attempts = Array.from({ length: 40 }, (_, i) => {
        // Overlapping intervals: each starts 0–35 minutes after the first and lasts an hour.
        const blockStart = new Date(start + (i % 8) * 5 * MINUTE);
        const blockEnd = new Date(blockStart.getTime() + 60 * MINUTE);
        return others[i % others.length]!.$transaction(
          async (tx) =>
            tx.booking.create({
              data: {
                serviceId: row.id,
                providerId: row.providerId,
                clientId: clients[0]!.userId,
                startAt: blockStart,
                endAt: blockEnd,
                blockStart,
                blockEnd,
                timeZone: 'Africa/Casablanca',
                address: 'test',
                priceMinor: 1,
              },
            }),
          // Waiting for a connection or the lock is not what is tested: a loaded machine may take seconds.
          { maxWait: 60_000, timeout: 60_000 },
        );
      });
      const results = await Promise.allSettled(attempts);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(refusals.every((r) => isOverlapViolation(r.reason))).toBe(true);
      expect(await overlaps(t, row.providerId)).toEqual([]);
    } finally {
      await Promise.all(others.map((db) => db.$disconnect()));
    }
  }, 120_000);

  it('accepts exactly one of simultaneous requests for overlapping intervals', async () => {
    const { service } = await bookableService(t);
    const slots = await nextSlots(t, service.id);
    // Four starts 30 minutes apart, one-hour jobs: each overlaps its neighbours. (The first
    // four offered may straddle the end of a working day: take four that follow each other.)
    const at = (i: number) => new Date(slots[i]!).getTime();
    const first = slots.findIndex((_, i) => i + 3 < slots.length && [1, 2, 3].every((k) => at(i + k) - at(i + k - 1) === 1_800_000));
    expect(first).toBeGreaterThanOrEqual(0);
    const starts = slots.slice(first, first + 4);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        as(t, clients[i % clients.length]!)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, starts[i % 4]!) }),
      ),
    );
    expect(answers.every((res) => res.statusCode === 201 || res.statusCode === 409)).toBe(true);
    expect(await overlaps(t, await providerIdOf(service.id))).toEqual([]);
    // At most the two starts an hour apart can both hold.
    expect(answers.filter((res) => res.statusCode === 201).length).toBeLessThanOrEqual(2);
  });

  it('accepts exactly one of two concurrent reschedule acceptances that would overlap', async () => {
    const { provider, service } = await bookableService(t);
    const slots = await nextSlots(t, service.id, 3);
    const providerId = await providerIdOf(service.id);
    const [a, b] = [slots[0]!, slots[4]!];
    const target = slots.at(-1)!;
    const ids: string[] = [];
    for (const slot of [a, b])
      ids.push((await as(t, clients[0]!)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, slot) })).json().ids[0]);
    for (const id of ids) {
      await as(t, provider)({ method: 'POST', url: `/api/bookings/${id}/actions/accept`, payload: { version: 1 } });
      // Both propose the same new time while it is still free.
      const proposed = await as(
        t,
        clients[0]!,
      )({ method: 'POST', url: `/api/bookings/${id}/actions/proposeReschedule`, payload: { version: 2, proposedStartAt: target } });
      expect(proposed.statusCode).toBe(200);
    }
    const answers = await Promise.all(
      ids.map((id) => as(t, provider)({ method: 'POST', url: `/api/bookings/${id}/actions/acceptReschedule`, payload: { version: 3 } })),
    );
    expect(answers.map((res) => res.statusCode).sort()).toEqual([200, 409]);
    expect(answers.find((res) => res.statusCode === 409)!.json().error.code).toBe('BOOKING_CONFLICT');
    expect(await overlaps(t, providerId)).toEqual([]);
  });

  it('keeps the invariant through random sequences of book, accept, cancel and reschedule', async () => {
    const { provider, service } = await bookableService(t, { schedule: { bufferAfterMinutes: 15 } });
    const providerId = await providerIdOf(service.id);
    const base = new Date(new Date(Date.now() + 24 * 60 * MINUTE).toISOString().slice(0, 10) + 'T06:00:00Z').getTime();
    const origin = { ip: '127.0.0.1', userAgent: 'property test' };
    const startAt = (step: number) => new Date(base + step * 30 * MINUTE);
    const op = fc.oneof(
      fc.record({ kind: fc.constant('book' as const), step: fc.integer({ min: 0, max: 20 }), client: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant('accept' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('reschedule' as const), pick: fc.nat(), step: fc.integer({ min: 0, max: 20 }) }),
    );
    const runs = Number(process.env.FUZZ_RUNS ?? (testEnv.dbProvider === 'sqlite' ? 15 : 25));
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
        await t.db.booking.deleteMany({ where: { providerId } });
        const deps = { db: t.db, config: t.config };
        const ignoreRefusals = async (work: () => Promise<unknown>) => {
          try {
            await work();
          } catch (error) {
            // Refusals are answers (409, 404); anything else is a failure of the property.
            if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
          }
        };
        // Concurrent batches of the operations, as simultaneous requests would be.
        for (let i = 0; i < ops.length; i += 3) {
          const batch = ops.slice(i, i + 3);
          const bookings = await t.db.booking.findMany({ where: { providerId }, orderBy: { createdAt: 'asc' } });
          const pick = (n: number) => bookings[n % Math.max(1, bookings.length)];
          await Promise.all(
            batch.map((o) =>
              ignoreRefusals(async () => {
                if (o.kind === 'book') {
                  const client = clients[o.client]!;
                  return requestBooking({
                    ...deps,
                    userId: client.userId,
                    origin,
                    input: { ...bookingBody(service.id, ''), startAt: startAt(o.step) },
                  });
                }
                const booking = pick(o.pick);
                if (!booking) return;
                const actor =
                  o.kind === 'accept' ? { userId: provider.userId, role: 'provider' } : { userId: booking.clientId, role: 'client' };
                if (o.kind === 'reschedule') {
                  await changeBooking({
                    ...deps,
                    ...actor,
                    origin,
                    input: {
                      bookingId: booking.id,
                      action: 'proposeReschedule',
                      version: booking.version,
                      proposedStartAt: startAt(o.step),
                    },
                  });
                  const proposed = await t.db.booking.findUniqueOrThrow({ where: { id: booking.id } });
                  return changeBooking({
                    ...deps,
                    userId: provider.userId,
                    role: 'provider',
                    origin,
                    input: { bookingId: booking.id, action: 'acceptReschedule', version: proposed.version },
                  });
                }
                return changeBooking({
                  ...deps,
                  ...actor,
                  origin,
                  input: { bookingId: booking.id, action: o.kind, version: booking.version },
                });
              }),
            ),
          );
          expect(await overlaps(t, providerId)).toEqual([]);
        }
      }),
      { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 20261203) },
    );
  });
});
