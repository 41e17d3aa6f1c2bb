// `npm run backup` / `npm run restore` on the suite's database (SQLite or PostgreSQL, per
// TEST_DB_PROVIDER): a seeded database with uploads is archived, restored into a fresh
// one and compared table by table, row by row, and file by file.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { readBackupStatus, runScheduledBackup, BACKUP_STATUS_KEYS } from '../../src/modules/backups/backup-schedule';
import { pgIdent } from '../../src/modules/backups/backup-manifest';
import {
  archiveName,
  createBackup,
  listArchives,
  pruneBackups,
  restoreBackup,
  verifyBackup,
  type BackupSettings,
} from '../../src/modules/backups/backups.service';
import { databaseStats } from '../../src/modules/backups/database-dump';
import { createLocalStorage } from '../../src/platform/storage/storage';
import { seedDatabase } from '../../src/seed/seed.service';
import { signUp } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';
import { testEnv, withDatabase } from '../support/test-env';

const KEY = 'backup-key-for-tests-0123456789-abcdef';
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

/** A fresh database with no table at all (the restore target). */
async function emptyDatabase(): Promise<string> {
  const id = randomBytes(4).toString('hex');
  if (testEnv.dbProvider === 'sqlite') return `file:${join(inject('tmpDir'), `restore-${process.pid}-${id}.db`)}`;
  // Named like the run's other databases, so the run's teardown drops it.
  const name = `khadamat_t_${inject('runId')}_r${id}`;
  const admin = new pg.Client({ connectionString: testEnv.postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pgIdent(name)}`);
  await admin.end();
  return withDatabase(testEnv.postgresAdminUrl, name);
}

/** Every row of every table, in a stable order, as JSON: what "identical" means here. */
async function everyRow(databaseUrl: string): Promise<Record<string, string>> {
  const { tables } = await databaseStats(databaseUrl);
  const out: Record<string, string> = {};
  if (databaseUrl.startsWith('file:')) {
    const db = new Database(databaseUrl.slice('file:'.length), { readonly: true });
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
      out[name] = JSON.stringify(rows.map((r) => JSON.stringify(r)).sort());
    }
    db.close();
    return out;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  for (const { name } of tables) {
    const { rows } = await client.query(`SELECT * FROM ${pgIdent(name)}`);
    out[name] = JSON.stringify(rows.map((r) => JSON.stringify(r)).sort());
  }
  await client.end();
  return out;
}

describe('backups', () => {
  let t: TestApp;
  let dir: string;
  let settings: BackupSettings;

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN });
    dir = join(inject('tmpDir'), `backups-${process.pid}-${randomBytes(3).toString('hex')}`);
    const uploads = join(dir, 'uploads');
    // Reference data, demo providers and services (prices in minor units) with their photos
    // written as upload files; a member signed up through the API (session, outbox, audit).
    await seedDatabase({ db: t.db, demo: true, generated: false, photoStorage: createLocalStorage({ dir: uploads }) });
    await signUp(t);
    mkdirSync(join(uploads, 'nested'), { recursive: true });
    writeFileSync(join(uploads, 'nested', 'kyc-document.pdf'), randomBytes(4096));
    writeFileSync(join(uploads, '.tmp-being-written'), 'partial upload: never archived');
    settings = {
      database: t.config.database,
      uploads: { storageDir: uploads },
      backup: { dir: join(dir, 'archives'), encryptionKey: KEY, retentionDays: 14 },
    };
  }, 120_000);
  afterAll(() => t?.close());

  it('restores every table row for row, every money sum and every upload file into a fresh database', async () => {
    const { archivePath, manifest } = await createBackup({ config: settings });
    expect(archivePath.startsWith(settings.backup.dir!)).toBe(true);
    // The manifest covers every table of the database, found in its own catalogue.
    const source = await databaseStats(t.config.database.url);
    expect(manifest.tables.map((x) => x.name).sort()).toEqual(source.tables.map((x) => x.name).sort());
    expect(manifest.migration).toMatch(/^\d{14}_/);
    // Money columns are found by convention, and summed as the database sums them.
    const services = manifest.tables.find((x) => x.name === 'Service')!;
    const priceSum = await t.db.service.aggregate({ _sum: { priceMinor: true }, _count: true });
    expect(services.rows).toBe(priceSum._count);
    expect(services.rows).toBeGreaterThan(0);
    expect(services.money.priceMinor).toBe(String(priceSum._sum.priceMinor));
    expect(manifest.files.count).toBeGreaterThan(1);
    expect(manifest.files.entries.some((f) => f.path === 'nested/kyc-document.pdf')).toBe(true);
    expect(manifest.files.entries.some((f) => f.path.includes('.tmp-'))).toBe(false);
    // The archive is sealed: neither the manifest nor the rows are readable in it.
    const raw = readFileSync(archivePath);
    expect(raw.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(raw.includes(Buffer.from('priceMinor'))).toBe(false);

    const target = await emptyDatabase();
    const restoredUploads = join(dir, 'restored-uploads');
    const { comparison } = await restoreBackup({ archivePath, passphrase: KEY, targetUrl: target, uploadsDir: restoredUploads });
    expect(comparison.lines.filter((l) => l.startsWith('DIFF'))).toEqual([]);
    expect(comparison.ok).toBe(true);
    expect(await everyRow(target)).toEqual(await everyRow(t.config.database.url));
    const original = readFileSync(join(settings.uploads.storageDir, 'nested', 'kyc-document.pdf'));
    expect(readFileSync(join(restoredUploads, 'nested', 'kyc-document.pdf')).equals(original)).toBe(true);
    expect(readdirSync(restoredUploads).sort()).toEqual(
      readdirSync(settings.uploads.storageDir)
        .filter((n) => !n.startsWith('.'))
        .sort(),
    );

    // A non-empty target is refused, then replaced with --force.
    await expect(restoreBackup({ archivePath, passphrase: KEY, targetUrl: target, uploadsDir: null })).rejects.toMatchObject({
      code: 'RESTORE_TARGET_NOT_EMPTY',
    });
    const forced = await restoreBackup({ archivePath, passphrase: KEY, targetUrl: target, uploadsDir: restoredUploads, force: true });
    expect(forced.comparison.ok).toBe(true);

    // --verify: a scratch database and folder, compared, then dropped.
    const verified = await verifyBackup({ archivePath, config: settings });
    expect(verified.comparison.ok).toBe(true);
  }, 120_000);

  it('refuses a wrong key and a tampered archive before writing anything', async () => {
    const { archivePath } = await createBackup({ config: settings, now: new Date('2026-01-02T03:04:05Z') });
    const target = await emptyDatabase();
    const uploadsDir = join(dir, 'never-written');
    await expect(restoreBackup({ archivePath, passphrase: `${KEY}-wrong`, targetUrl: target, uploadsDir })).rejects.toMatchObject({
      code: 'BACKUP_WRONG_KEY',
    });

    // One byte flipped in the middle of the encrypted body, then a truncated copy.
    const bytes = readFileSync(archivePath);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)]! ^= 0x01;
    const tampered = join(dir, 'tampered.tar.age');
    writeFileSync(tampered, flipped);
    await expect(restoreBackup({ archivePath: tampered, passphrase: KEY, targetUrl: target, uploadsDir })).rejects.toMatchObject({
      code: 'BACKUP_TAMPERED',
    });
    const truncated = join(dir, 'truncated.tar.age');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    await expect(restoreBackup({ archivePath: truncated, passphrase: KEY, targetUrl: target, uploadsDir })).rejects.toMatchObject({
      code: 'BACKUP_TAMPERED',
    });
    // Nothing reached the target: no table, no upload folder.
    expect((await databaseStats(target).catch(() => ({ tables: [] }))).tables).toEqual([]);
    expect(() => readdirSync(uploadsDir)).toThrow(/ENOENT/);
  }, 120_000);

  it('prunes archives past BACKUP_RETENTION_DAYS by the time in their name, never the newest', async () => {
    const pruneDir = join(dir, 'prune');
    mkdirSync(pruneDir, { recursive: true });
    const now = new Date('2026-06-30T03:00:00Z');
    const days = [1, 13, 15, 40].map((d) => new Date(now.getTime() - d * 86_400_000));
    for (const at of days) writeFileSync(join(pruneDir, archiveName(at)), 'x');
    writeFileSync(join(pruneDir, 'notes.txt'), 'not an archive');
    const removed = await pruneBackups({ config: { ...settings, backup: { ...settings.backup, dir: pruneDir } }, now });
    expect(removed.map((p) => p.split('/').pop()).sort()).toEqual([archiveName(days[2]!), archiveName(days[3]!)].sort());
    expect((await listArchives(pruneDir)).map((a) => a.at)).toEqual([days[0], days[1]]);
    expect(readdirSync(pruneDir)).toContain('notes.txt');

    // Alone and old, the last archive stays.
    const lonely = join(dir, 'lonely');
    mkdirSync(lonely);
    writeFileSync(join(lonely, archiveName(days[3]!)), 'x');
    expect(await pruneBackups({ config: { ...settings, backup: { ...settings.backup, dir: lonely } }, now })).toEqual([]);
  });

  it('runs a scheduled slot once across two workers, and retries, reports and counts a failing run', async () => {
    const scheduleDir = join(dir, 'scheduled');
    const config = { ...settings, backup: { ...settings.backup, dir: scheduleDir } };
    const logs: string[] = [];
    const log = {
      info: (_: object, m: string) => logs.push(m),
      warn: (_: object, m: string) => logs.push(m),
      error: (_: object, m: string) => logs.push(m),
    };
    const reported: unknown[] = [];
    const slot = new Date('2026-03-04T03:00:00Z');
    const [a, b] = await Promise.all([
      runScheduledBackup({ config, redis: t.redis, log, report: (e) => reported.push(e), slot }),
      runScheduledBackup({ config, redis: t.redis, log, report: (e) => reported.push(e), slot }),
    ]);
    expect([a, b].filter(Boolean)).toEqual([join(scheduleDir, archiveName(slot))]);
    expect(logs).toContain('backup: this slot was taken by another worker');
    expect((await listArchives(scheduleDir)).length).toBe(1);
    expect(reported).toEqual([]);
    const status = await readBackupStatus(t.redis);
    expect(status.lastSuccessSeconds).toBeGreaterThan(0);
    expect(await t.redis.get(BACKUP_STATUS_KEYS.lastArchive)).toBe(a ?? b);
    // The API exposes the workers' last success for the "backup older than 26 h" alert.
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.body).toContain(`backup_last_success_timestamp_seconds ${status.lastSuccessSeconds}`);
    expect(metrics.body).toContain('backup_failed_attempts 0');

    // A backup folder that cannot be created (a file stands in its way): every attempt fails.
    writeFileSync(join(dir, 'in-the-way'), 'a file');
    const broken = { ...settings, backup: { ...settings.backup, dir: join(dir, 'in-the-way', 'archives') } };
    const waits: number[] = [];
    const result = await runScheduledBackup({
      config: broken,
      redis: t.redis,
      log,
      report: (e) => reported.push(e),
      slot: new Date('2026-03-05T03:00:00Z'),
      retryDelaysMs: [10, 20],
      sleep: async (ms) => void waits.push(ms),
    });
    expect(result).toBeNull();
    expect(waits).toEqual([10, 20]);
    expect(reported).toHaveLength(3);
    expect(logs.filter((m) => m === 'backup failed: retrying')).toHaveLength(2);
    expect(logs).toContain('backup failed: no attempt left until the next slot');
    expect((await readBackupStatus(t.redis)).failures).toBe(3);
    const after = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(after.body).toContain('backup_failed_attempts 3');
  }, 120_000);
});
