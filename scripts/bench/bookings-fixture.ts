// What the booking benchmarks need, written straight into the database the API uses: a
// provider with a full month of accepted bookings, a provider with an empty agenda, and
// signed-in clients (sessions made the way sign-in makes them).
import { randomUUID } from 'node:crypto';
import { SESSION_COOKIE, createSession } from '../../backend/src/modules/accounts/sessions.service';
import { createDb, type Db } from '../../backend/src/platform/db/client';
import { reindexServices } from '../../backend/src/modules/search/search-index.service';
import { seedDatabase } from '../../backend/src/seed/seed.service';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A verified provider with an open weekly plan and one published, indexed 60-minute service in Casablanca. */
export async function benchProvider(db: Db, label: string): Promise<{ providerId: string; serviceId: string }> {
  const category = await db.category.findFirstOrThrow({ where: { parentId: { not: null } } });
  const city = await db.city.findUniqueOrThrow({ where: { slug: 'casablanca' } });
  const plan = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '20:00' }));
  const user = await db.user.create({
    data: {
      email: `bench-${label}-${randomUUID()}@example.test`,
      name: `Bench ${label}`,
      role: 'provider',
      emailVerifiedAt: new Date(),
      phoneVerifiedAt: new Date(),
      providerProfile: {
        create: {
          kycStatus: 'verified',
          schedule: { create: { weeklyPlan: JSON.stringify(plan), minNoticeMinutes: 0, bufferAfterMinutes: 0 } },
        },
      },
    },
    include: { providerProfile: true },
  });
  const service = await db.service.create({
    data: {
      providerId: user.providerProfile!.id,
      categoryId: category.id,
      cityId: city.id,
      slug: `bench-${label}-${randomUUID().slice(0, 8)}`,
      title: `Bench ${label}`,
      priceMinor: 20_000,
      durationMinutes: 60,
      latitude: city.latitude,
      longitude: city.longitude,
      status: 'published',
      listed: true,
      publishedAt: new Date(),
    },
  });
  // Indexed like any published service: a service without its search text makes the next
  // local start re-run the seed, which reindexes the whole catalogue.
  await reindexServices({ db, where: { id: service.id } });
  return { providerId: user.providerProfile!.id, serviceId: service.id };
}

export interface BookingFixture {
  /** A 60-minute service whose provider has a booking every other hour, 08:00–20:00, for the next 30 days. */
  busyServiceId: string;
  /** Services of providers with empty agendas, for booking under contention. */
  freeServiceIds: string[];
  sessions: { cookie: string; csrf: string }[];
}

export async function bookingFixture(databaseUrl: string, { clients = 50, freeProviders = 5 } = {}): Promise<BookingFixture> {
  const { db } = createDb({ databaseUrl });
  try {
    await seedDatabase({ db, demo: false });
    const city = await db.city.findUniqueOrThrow({ where: { slug: 'casablanca' } });
    const provider = (label: string) => benchProvider(db, label);
    const client = await db.user.create({
      data: { email: `bench-client-${randomUUID()}@example.test`, name: 'Bench client', role: 'client', emailVerifiedAt: new Date() },
    });
    const busy = await provider('busy');
    // Every other hour from 08:00 to 20:00 (Africa/Casablanca, UTC+1 outside Ramadan), 30 days.
    const today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z').getTime();
    const rows = [];
    for (let day = 1; day <= 30; day += 1) {
      for (let hour = 7; hour < 19; hour += 2) {
        const startAt = new Date(today + day * DAY + hour * HOUR);
        const endAt = new Date(startAt.getTime() + HOUR);
        rows.push({
          serviceId: busy.serviceId,
          providerId: busy.providerId,
          clientId: client.id,
          status: 'accepted' as const,
          startAt,
          endAt,
          blockStart: startAt,
          blockEnd: endAt,
          timeZone: 'Africa/Casablanca',
          address: 'Bench',
          latitude: city.latitude,
          longitude: city.longitude,
          priceMinor: 20_000,
        });
      }
    }
    for (const data of rows) await db.booking.create({ data });
    const freeServiceIds: string[] = [];
    for (let i = 0; i < freeProviders; i += 1) freeServiceIds.push((await provider(`free${i}`)).serviceId);
    const sessions = [];
    for (let i = 0; i < clients; i += 1) {
      const member = await db.user.create({
        data: { email: `bench-member-${randomUUID()}@example.test`, name: 'Bench member', role: 'client', emailVerifiedAt: new Date() },
      });
      const { token, session } = await createSession({
        db,
        userId: member.id,
        role: 'client',
        origin: { ip: '127.0.0.1', userAgent: 'bench' },
      });
      sessions.push({ cookie: `${SESSION_COOKIE}=${token}`, csrf: session.csrfToken });
    }
    return { busyServiceId: busy.serviceId, freeServiceIds, sessions };
  } finally {
    await db.$disconnect();
  }
}
