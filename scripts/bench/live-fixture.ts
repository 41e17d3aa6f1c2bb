// What the message fan-out benchmark needs, written straight into the database the API uses:
// one provider with an accepted booking with each of `members` clients, and sessions for
// all of them (made the way sign-in makes them).
import { randomUUID } from 'node:crypto';
import { SESSION_COOKIE, createSession } from '../../backend/src/modules/accounts/sessions.service';
import { createDb } from '../../backend/src/platform/db/client';
import { reindexServices } from '../../backend/src/modules/search/search-index.service';
import { seedDatabase } from '../../backend/src/seed/seed.service';

const DAY = 86_400_000;

export interface LiveFixture {
  provider: { cookie: string; csrf: string };
  /** Each client's session and their booking with the provider. */
  members: { cookie: string; bookingId: string }[];
}

export async function liveFixture(databaseUrl: string, { members = 1_000 } = {}): Promise<LiveFixture> {
  const { db } = createDb({ databaseUrl });
  try {
    await seedDatabase({ db, demo: false });
    const category = await db.category.findFirstOrThrow({ where: { parentId: { not: null } } });
    const city = await db.city.findUniqueOrThrow({ where: { slug: 'casablanca' } });
    const origin = { ip: '127.0.0.1', userAgent: 'bench' };
    const user = await db.user.create({
      data: {
        email: `bench-live-provider-${randomUUID()}@example.test`,
        name: 'Bench provider',
        role: 'provider',
        emailVerifiedAt: new Date(),
        phoneVerifiedAt: new Date(),
        providerProfile: { create: { kycStatus: 'verified' } },
      },
      include: { providerProfile: true },
    });
    const service = await db.service.create({
      data: {
        providerId: user.providerProfile!.id,
        categoryId: category.id,
        cityId: city.id,
        slug: `bench-live-${randomUUID().slice(0, 8)}`,
        title: 'Bench live',
        priceMinor: 20_000,
        durationMinutes: 60,
        latitude: city.latitude,
        longitude: city.longitude,
        status: 'draft',
      },
    });
    // Indexed like any service: one without its search text makes the next local start
    // re-run the seed, which reindexes the whole catalogue.
    await reindexServices({ db, where: { id: service.id } });
    const providerSession = await createSession({ db, userId: user.id, role: 'provider', origin });
    const list: LiveFixture['members'] = [];
    for (let i = 0; i < members; i += 1) {
      const member = await db.user.create({
        data: { email: `bench-live-${randomUUID()}@example.test`, name: `Bench member ${i}`, role: 'client', emailVerifiedAt: new Date() },
      });
      // Far apart in time: the bookings never meet in the provider's agenda.
      const startAt = new Date(Date.now() + 400 * DAY + i * 2 * 3_600_000);
      const booking = await db.booking.create({
        data: {
          serviceId: service.id,
          providerId: user.providerProfile!.id,
          clientId: member.id,
          status: 'accepted',
          acceptedAt: new Date(),
          startAt,
          endAt: new Date(startAt.getTime() + 3_600_000),
          blockStart: startAt,
          blockEnd: new Date(startAt.getTime() + 3_600_000),
          timeZone: 'Africa/Casablanca',
          address: 'Bench',
          priceMinor: 20_000,
        },
      });
      const { token } = await createSession({ db, userId: member.id, role: 'client', origin });
      list.push({ cookie: `${SESSION_COOKIE}=${token}`, bookingId: booking.id });
    }
    return {
      provider: { cookie: `${SESSION_COOKIE}=${providerSession.token}`, csrf: providerSession.session.csrfToken },
      members: list,
    };
  } finally {
    await db.$disconnect();
  }
}
