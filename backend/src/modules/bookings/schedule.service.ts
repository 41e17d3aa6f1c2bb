import type { Db, DbClient } from '../../platform/db/client';
import { AppError } from '../../platform/errors/app-error';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import { isTimeOfDay, isTimeZone, minutesOfDay, type ScheduleException, type ScheduleRules, type WeeklyWindow } from './availability';

export const DEFAULT_TIME_ZONE = 'Africa/Casablanca';

/** What a provider without a schedule of their own works: Monday to Saturday, 9:00–13:00 and 14:00–18:00. */
export const DEFAULT_WEEKLY_PLAN: WeeklyWindow[] = [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
  { weekday, start: '09:00', end: '13:00' },
  { weekday, start: '14:00', end: '18:00' },
]);

const DEFAULTS = {
  timeZone: DEFAULT_TIME_ZONE,
  minNoticeMinutes: 120,
  horizonDays: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 15,
  responseHours: 24,
  freeCancellationHours: 24,
  lateCancellationFeeBps: 2000,
};

export type ScheduleSettings = typeof DEFAULTS & { weeklyPlan: WeeklyWindow[] };

/** The rules slots and bookings are computed from: the provider's schedule, or the defaults. */
export async function loadRules(
  db: DbClient,
  providerId: string,
): Promise<ScheduleRules & ScheduleSettings & { exceptions: (ScheduleException & { id: string })[] }> {
  // One after the other: `db` may be a transaction's client (a booking being made), one
  // connection on which PostgreSQL's driver refuses overlapping queries from its next version.
  const schedule = await db.providerSchedule.findUnique({ where: { providerId } });
  const exceptions = await db.availabilityException.findMany({ where: { providerId }, orderBy: { date: 'asc' } });
  const settings = schedule
    ? { ...pick(schedule), weeklyPlan: JSON.parse(schedule.weeklyPlan) as WeeklyWindow[] }
    : { ...DEFAULTS, weeklyPlan: DEFAULT_WEEKLY_PLAN };
  return { ...settings, exceptions: exceptions.map(toException) };
}

function pick(schedule: typeof DEFAULTS): typeof DEFAULTS {
  return Object.fromEntries(Object.keys(DEFAULTS).map((key) => [key, schedule[key as keyof typeof DEFAULTS]])) as typeof DEFAULTS;
}

function toException(row: {
  id: string;
  date: string;
  kind: string;
  start: string | null;
  end: string | null;
}): ScheduleException & { id: string } {
  return { id: row.id, date: row.date, kind: row.kind === 'extra' ? 'extra' : 'off', start: row.start, end: row.end };
}

async function providerOf(db: DbClient, userId: string) {
  const profile = await db.providerProfile.findUnique({ where: { userId }, select: { id: true } });
  if (!profile) throw new AppError('PROVIDER_PROFILE_REQUIRED', 409, 'Create your provider profile first');
  return profile.id;
}

export async function getSchedule({ db, userId }: { db: Db; userId: string }) {
  const providerId = await providerOf(db, userId);
  return loadRules(db, providerId);
}

function checkWindows(windows: { start: string; end: string }[]) {
  for (const window of windows) {
    if (!isTimeOfDay(window.start) || !isTimeOfDay(window.end) || minutesOfDay(window.end) <= minutesOfDay(window.start)) {
      throw new AppError('INVALID_TIME_WINDOW', 400, `${window.start}–${window.end} is not a time window (HH:MM, end after start)`);
    }
  }
}

export async function updateSchedule({
  db,
  userId,
  input,
  origin,
}: {
  db: Db;
  userId: string;
  input: ScheduleSettings;
  origin: RequestOrigin;
}) {
  if (!isTimeZone(input.timeZone)) throw new AppError('INVALID_TIME_ZONE', 400, `${input.timeZone} is not a time zone`);
  checkWindows(input.weeklyPlan);
  const providerId = await providerOf(db, userId);
  const data = { ...pick(input), weeklyPlan: JSON.stringify(input.weeklyPlan) };
  await db.$transaction(async (tx) => {
    await tx.providerSchedule.upsert({ where: { providerId }, create: { providerId, ...data }, update: data });
    await recordAudit({ db: tx, action: 'schedule.updated', actorId: userId, subjectId: providerId, origin });
  });
  return loadRules(db, providerId);
}

export async function addException({
  db,
  userId,
  input,
  origin,
}: {
  db: Db;
  userId: string;
  input: { date: string; kind: 'off' | 'extra'; start?: string | null; end?: string | null };
  origin: RequestOrigin;
}) {
  const whole = !input.start && !input.end;
  if (input.kind === 'extra' && whole) throw new AppError('INVALID_TIME_WINDOW', 400, 'Extra hours need a start and an end');
  if (!whole) checkWindows([{ start: input.start ?? '', end: input.end ?? '' }]);
  const providerId = await providerOf(db, userId);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.availabilityException.create({
      data: { providerId, date: input.date, kind: input.kind, start: whole ? null : input.start!, end: whole ? null : input.end! },
    });
    await recordAudit({
      db: tx,
      action: 'schedule.exception_added',
      actorId: userId,
      subjectId: providerId,
      origin,
      detail: { date: input.date, kind: input.kind },
    });
    return created;
  });
  return toException(row);
}

export async function removeException({
  db,
  userId,
  exceptionId,
  origin,
}: {
  db: Db;
  userId: string;
  exceptionId: string;
  origin: RequestOrigin;
}) {
  const providerId = await providerOf(db, userId);
  await db.$transaction(async (tx) => {
    const removed = await tx.availabilityException.deleteMany({ where: { id: exceptionId, providerId } });
    if (removed.count === 0) throw new AppError('NOT_FOUND', 404, 'No such exception');
    await recordAudit({ db: tx, action: 'schedule.exception_removed', actorId: userId, subjectId: providerId, origin });
  });
}
