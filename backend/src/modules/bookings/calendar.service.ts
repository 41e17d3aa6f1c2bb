// Bookings as iCalendar: one file per booking for either party, and a private feed of a
// provider's agenda that calendar apps subscribe to by URL (a secret token, stored hashed,
// replaced or revoked at will). Instants are written in UTC, so no time-zone table is needed.
import ical, { ICalEventStatus } from 'ical-generator';
import type { Config } from '../../config/env';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import { appLink } from '../../platform/mail/templates';
import { hashToken, newToken } from '../accounts/tokens';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import { getBooking } from './bookings.service';

/** A feed shows the jobs from this long ago on. */
const FEED_PAST_DAYS = 30;

interface CalendarBooking {
  id: string;
  status: string;
  startAt: string | Date;
  endAt: string | Date;
  address: string;
  notes: string;
  service: { title: string };
  client: { name: string };
  provider: { name: string };
}

function event(calendar: ReturnType<typeof ical>, config: Readonly<Config>, booking: CalendarBooking, as: 'client' | 'provider') {
  const host = new URL(config.frontendUrl).hostname;
  calendar.createEvent({
    // Stable per booking: a calendar app updates the event instead of adding another.
    id: `booking-${booking.id}@${host}`,
    start: new Date(booking.startAt),
    end: new Date(booking.endAt),
    summary: `${booking.service.title} — ${as === 'provider' ? booking.client.name : booking.provider.name}`,
    location: booking.address,
    description: booking.notes || null,
    // Without a language: the web client sends the reader to theirs.
    url: appLink({ baseUrl: config.frontendUrl, path: `/bookings/${booking.id}` }),
    status:
      booking.status === 'requested'
        ? ICalEventStatus.TENTATIVE
        : booking.status === 'cancelled'
          ? ICalEventStatus.CANCELLED
          : ICalEventStatus.CONFIRMED,
  });
}

export async function bookingCalendar({
  db,
  config,
  userId,
  role,
  bookingId,
}: {
  db: Db;
  config: Readonly<Config>;
  userId: string;
  role: string;
  bookingId: string;
}): Promise<string> {
  const booking = await getBooking({ db, userId, role, bookingId });
  const calendar = ical({ name: 'Khadamat', prodId: { company: 'Khadamat', product: 'bookings' } });
  event(calendar, config, booking, booking.viewerRole === 'provider' ? 'provider' : 'client');
  return calendar.toString();
}

async function providerIdOf(db: Db, userId: string) {
  const profile = await db.providerProfile.findUnique({ where: { userId }, select: { id: true } });
  if (!profile) throw new AppError('PROVIDER_PROFILE_REQUIRED', 409, 'Create your provider profile first');
  return profile.id;
}

export async function rotateFeed({
  db,
  config,
  userId,
  origin,
}: {
  db: Db;
  config: Readonly<Config>;
  userId: string;
  origin: RequestOrigin;
}) {
  const providerId = await providerIdOf(db, userId);
  const token = newToken();
  await db.$transaction(async (tx) => {
    await tx.providerSchedule.upsert({
      where: { providerId },
      create: { providerId, calendarTokenHash: hashToken(token) },
      update: { calendarTokenHash: hashToken(token) },
    });
    await recordAudit({ db: tx, action: 'calendar.feed_rotated', actorId: userId, subjectId: providerId, origin });
  });
  return { url: appLink({ baseUrl: config.appBaseUrl || config.frontendUrl, path: `/api/calendar/${token}.ics` }) };
}

export async function revokeFeed({ db, userId, origin }: { db: Db; userId: string; origin: RequestOrigin }) {
  const providerId = await providerIdOf(db, userId);
  await db.$transaction(async (tx) => {
    await tx.providerSchedule.updateMany({ where: { providerId }, data: { calendarTokenHash: null } });
    await recordAudit({ db: tx, action: 'calendar.feed_revoked', actorId: userId, subjectId: providerId, origin });
  });
}

export async function providerFeed({ db, config, token }: { db: Db; config: Readonly<Config>; token: string }): Promise<string> {
  const schedule = await db.providerSchedule.findUnique({ where: { calendarTokenHash: hashToken(token) }, select: { providerId: true } });
  if (!schedule) throw new AppError('NOT_FOUND', 404, 'No such calendar feed');
  const rows = await db.booking.findMany({
    where: {
      providerId: schedule.providerId,
      status: { in: ['requested', 'accepted', 'in_progress', 'completed', 'confirmed'] },
      startAt: { gte: new Date(Date.now() - FEED_PAST_DAYS * 86_400_000) },
    },
    include: {
      service: { select: { title: true } },
      client: { select: { name: true } },
      provider: { select: { user: { select: { name: true } } } },
    },
    orderBy: { startAt: 'asc' },
    take: 2000,
  });
  const calendar = ical({ name: 'Khadamat', prodId: { company: 'Khadamat', product: 'agenda' }, ttl: 900 });
  for (const row of rows) event(calendar, config, { ...row, provider: { name: row.provider.user.name } }, 'provider');
  return calendar.toString();
}
