// `npx tsx scripts/measure-auth-timing.ts [rounds]`: measures, on a throw-away SQLite
// database and the in-process Redis, the median time of the public account requests for
// an address that has an account and one that has not (forgot-password, sign-in, sign-up).
// They must be the same: a difference would tell an attacker which addresses are
// registered. Timing is not asserted in tests (too noisy on shared machines); run this.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app';
import { validateEnv } from '../src/config/env';
import { hashPassword } from '../src/modules/accounts/passwords';
import { createDb } from '../src/platform/db/client';
import { applyMigrations } from '../src/platform/db/migrations';
import { createRedis } from '../src/platform/redis/redis';

const rounds = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'khadamat-timing-'));
const databaseUrl = `file:${join(dir, 'timing.db')}`;
await applyMigrations({ databaseUrl });
const config = validateEnv({
  NODE_ENV: 'test',
  DATABASE_URL: databaseUrl,
  MOCK_REDIS: 'true',
  SERVE_FRONTEND: 'false',
  RATE_LIMIT_MAX: '1000000',
});
const { db, provider } = createDb({ databaseUrl });
const redis = createRedis(config);
const app = await buildApp({ config, db, dbProvider: provider, redis, logger: false });
await app.ready();

const PASSWORD = 'timing test password 1';
const passwordHash = await hashPassword(PASSWORD);
let n = 0;
const unique = () => `${Date.now().toString(36)}${(n += 1)}${randomBytes(3).toString('hex')}`;
/** An existing account, written directly (a real argon2id hash, no mail). */
async function account() {
  const id = unique();
  const phone = `+2125${String(n).padStart(8, '0')}`;
  return db.user.create({ data: { email: `known-${id}@example.test`, name: 'Known', phone, passwordHash, emailVerifiedAt: new Date() } });
}
const ip = () => `10.${n % 250}.${Math.floor(n / 250) % 250}.${(n % 7) + 1}`;

async function timed(payload: Record<string, unknown>, url: string): Promise<[number, number]> {
  const started = performance.now();
  const res = await app.inject({ method: 'POST', url, payload, remoteAddress: ip() });
  return [performance.now() - started, res.statusCode];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Alternates known and unknown requests (same conditions for both), after a warm-up. */
async function compare(name: string, count: number, known: () => Promise<[number, number]>, unknown: () => Promise<[number, number]>) {
  for (let i = 0; i < 5; i++) await Promise.all([known(), unknown()]);
  const a: number[] = [];
  const b: number[] = [];
  const statuses = new Set<string>();
  for (let i = 0; i < count; i++) {
    // Which goes first alternates: the first of a pair pays for what the previous pair left (GC, WAL).
    let ka: [number, number];
    let kb: [number, number];
    if (i % 2 === 0) {
      ka = await known();
      kb = await unknown();
    } else {
      kb = await unknown();
      ka = await known();
    }
    const [[ta, sa], [tb, sb]] = [ka, kb];
    a.push(ta);
    b.push(tb);
    statuses.add(`${sa}/${sb}`);
  }
  const [ma, mb] = [median(a), median(b)];
  console.log(
    `${name.padEnd(16)} n=${String(count).padStart(3)}  existing ${ma.toFixed(2).padStart(7)} ms   unknown ${mb.toFixed(2).padStart(7)} ms   ` +
      `difference ${(ma - mb).toFixed(2).padStart(6)} ms (${(((ma - mb) / mb) * 100).toFixed(1)} %)   statuses ${[...statuses].join(', ')}`,
  );
}

/** `count` existing accounts, made before the clock runs (so no write just before a timed request). */
async function accounts(count: number) {
  const made: Awaited<ReturnType<typeof account>>[] = [];
  for (let i = 0; i < count + 5; i++) made.push(await account());
  return () => made.pop()!;
}

try {
  // Fresh accounts and addresses each time: every request takes the path a first request takes (no per-address limit reached).
  const forForgot = await accounts(rounds);
  await compare(
    'forgot-password',
    rounds,
    async () => timed({ email: forForgot().email }, '/api/auth/password/forgot'),
    async () => timed({ email: `unknown-${unique()}@example.test` }, '/api/auth/password/forgot'),
  );
  const signInRounds = Math.max(20, Math.floor(rounds / 2));
  const forSignIn = await accounts(signInRounds);
  await compare(
    'sign-in',
    signInRounds,
    async () => timed({ email: forSignIn().email, password: 'wrong password 123' }, '/api/auth/sign-in'),
    async () => timed({ email: `unknown-${unique()}@example.test`, password: 'wrong password 123' }, '/api/auth/sign-in'),
  );
  const body = (email: string) => ({
    role: 'client',
    name: 'Timing',
    email,
    phone: `+2126${String(n).padStart(8, '0')}`,
    password: PASSWORD,
    locale: 'fr',
  });
  const forSignUp = await accounts(signInRounds);
  await compare(
    'sign-up',
    signInRounds,
    async () => timed(body(forSignUp().email), '/api/auth/sign-up'),
    async () => timed(body(`new-${unique()}@example.test`), '/api/auth/sign-up'),
  );
} finally {
  await app.close();
  await db.$disconnect();
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
}
