// Bookings end to end: the smoke user asks for a slot of a service, sees the booking, and
// cancels it at once (free: the slot is days ahead), after which the slot is offered again.
// The service is SMOKE_BOOKING_SERVICE (a slug), by default the one of the operators' own
// test provider, which `npm run seed` creates with the demo content or the SMOKE_USER_*
// account: unlisted, so that no client sees it, and never a real provider's.
import { signedIn } from './accounts';
import { expectStatus, expectThat, fail, type SmokeCheck, type SmokeContext } from './lib';

const DEFAULT_SERVICE = 'smoke-test-service';
const DAY = 86_400_000;

/** The service the smoke user books, and its free start times from two to nine days ahead. */
export async function smokeService(ctx: SmokeContext) {
  const { request } = ctx;
  const slug = process.env.SMOKE_BOOKING_SERVICE?.trim() || DEFAULT_SERVICE;
  const found = await request(`/api/services/${encodeURIComponent(slug)}`);
  if (found.status === 404) {
    return fail(`no service "${slug}": run \`npm run seed\` with SMOKE_USER_* set, or set SMOKE_BOOKING_SERVICE`);
  }
  expectStatus(found, 200, 'service page');
  const serviceId = (found.json as { id: string }).id;
  const day = (ms: number) => new Date(Date.now() + ms).toISOString().slice(0, 10);
  const slotsOf = async () => {
    const res = await request(`/api/services/${serviceId}/slots?from=${day(2 * DAY)}&to=${day(9 * DAY)}`);
    expectStatus(res, 200, 'slots');
    return (res.json as { slots: string[] }).slots;
  };
  return { slug, serviceId, slotsOf };
}

export const bookingChecks: SmokeCheck[] = [
  {
    name: 'bookings: the smoke user books a slot and cancels it for free; the slot is offered again',
    run: async (ctx) => {
      const { request } = ctx;
      const { slug, serviceId, slotsOf } = await smokeService(ctx);
      const slots = await slotsOf();
      // The last slot of the coming week: days ahead, so cancelling it costs nothing.
      const startAt = slots.at(-1);
      if (!startAt) return fail(`"${slug}" offers no slot in the coming week`);

      const anonymous = await request('/api/bookings', { method: 'GET' });
      expectStatus(anonymous, 401, 'bookings without a session');
      const { cookie, csrfToken } = await signedIn(ctx);
      const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
      const booked = await request('/api/bookings', {
        method: 'POST',
        headers,
        body: JSON.stringify({ serviceId, startAt, address: 'Smoke test, do not serve', notes: 'Smoke test: cancelled at once' }),
      });
      expectStatus(booked, 201, 'book');
      const bookingId = (booked.json as { ids: string[] }).ids[0]!;
      const viewed = await request(`/api/bookings/${bookingId}`, { headers: { cookie } });
      expectStatus(viewed, 200, 'the booking');
      const booking = viewed.json as { status: string; version: number; allowedActions: string[] };
      expectThat(booking.status === 'requested', `a new booking is ${booking.status}`);
      expectThat(booking.allowedActions.includes('cancel'), `the client may not cancel: ${booking.allowedActions.join(', ')}`);
      expectThat(!(await slotsOf()).includes(startAt), 'the booked slot is still offered');

      const cancelled = await request(`/api/bookings/${bookingId}/actions/cancel`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ version: booking.version, reason: 'Smoke test' }),
      });
      expectStatus(cancelled, 200, 'cancel');
      const after = cancelled.json as { status: string; cancellationFeeMinor: number };
      expectThat(after.status === 'cancelled' && after.cancellationFeeMinor === 0, `cancelled: ${JSON.stringify(after)}`);
      expectThat((await slotsOf()).includes(startAt), 'the slot is not offered again after the cancellation');
      return `${slug} at ${startAt}, cancelled free`;
    },
  },
];
