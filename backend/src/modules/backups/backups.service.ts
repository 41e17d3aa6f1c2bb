// Backups of the database and the uploads (BACKUP_*): one encrypted archive per run in
// BACKUP_DIR, restored into an empty database and verified against its manifest.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../../config/env';
import { backendRoot } from '../../config/paths';
import { providerOf } from '../../platform/db/schema-variants';
import { BackupError, readEncryptedArchive, writeEncryptedArchive, type ArchiveEntry } from './backup-archive';
import { compareWithManifest, fileSummary, listFiles, MANIFEST_FORMAT, type BackupManifest, type Comparison } from './backup-manifest';
import { createScratchDatabase, databaseStats, databaseTableCount, dumpDatabase, restoreDatabase } from './database-dump';

/** `khadamat-20261203T031500Z.tar.age`: the time in the name is what retention reads. */
const ARCHIVE_NAME = /^khadamat-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.tar\.age$/;
const DUMP_NAME = { sqlite: 'database.sqlite', postgresql: 'database.pgdump' } as const;

export type BackupSettings = Pick<Config, 'database'> & {
  backup: Pick<Config['backup'], 'dir' | 'encryptionKey' | 'retentionDays'>;
  uploads: Pick<Config['uploads'], 'storageDir'>;
};

export function archiveName(at: Date): string {
  return `khadamat-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}.tar.age`;
}

function requireSettings(config: BackupSettings): { dir: string; key: string } {
  if (!config.backup.dir) throw new BackupError('BACKUP_NOT_CONFIGURED', 'BACKUP_DIR is not set: where should the archive go?');
  if (!config.backup.encryptionKey)
    throw new BackupError('BACKUP_NOT_CONFIGURED', 'BACKUP_ENCRYPTION_KEY is not set: archives are always encrypted.');
  return { dir: resolve(backendRoot, config.backup.dir), key: config.backup.encryptionKey };
}

/** Writes one archive (database + uploads + manifest) into BACKUP_DIR; returns its path and manifest. */
export async function createBackup({ config, now = new Date() }: { config: BackupSettings; now?: Date }) {
  const { dir, key } = requireSettings(config);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Plaintext stays in a private folder on the backup disk only until it is sealed.
  const work = await mkdtemp(join(dir, '.work-'));
  try {
    const provider = providerOf(config.database.url);
    const dumpFile = join(work, DUMP_NAME[provider]);
    const { tables, migration } = await dumpDatabase({ databaseUrl: config.database.url, file: dumpFile });
    const uploadsDir = resolve(backendRoot, config.uploads.storageDir);
    const files = await listFiles(uploadsDir);
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      createdAt: now.toISOString(),
      provider,
      migration,
      tables,
      files: fileSummary(files),
    };
    const manifestFile = join(work, 'manifest.json');
    await writeFile(manifestFile, JSON.stringify(manifest, null, 2), { mode: 0o600 });
    const entries: ArchiveEntry[] = [
      { name: 'manifest.json', path: manifestFile },
      { name: DUMP_NAME[provider], path: dumpFile },
      ...files.map((f) => ({ name: `uploads/${f.path}`, path: join(uploadsDir, f.path) })),
    ];
    const archivePath = join(dir, archiveName(now));
    const { bytes } = await writeEncryptedArchive({ archivePath, entries, passphrase: key });
    return { archivePath, bytes, manifest };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function openArchive(archivePath: string, passphrase: string, scratch: string) {
  await readEncryptedArchive({ archivePath, intoDir: scratch, passphrase });
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(scratch, 'manifest.json'), 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError('BACKUP_TAMPERED', 'The archive has no readable manifest.json: nothing was restored.');
  }
  if (manifest.format !== MANIFEST_FORMAT) throw new BackupError('BACKUP_FORMAT', `Unknown archive format ${manifest.format}.`);
  return manifest;
}

export interface RestoreInput {
  archivePath: string;
  passphrase: string;
  targetUrl: string;
  /** Where the upload files go; null leaves them in the archive. */
  uploadsDir: string | null;
  force?: boolean;
}

/**
 * Restores an archive into `targetUrl` (refused when it holds tables, unless `force`) and
 * the uploads into `uploadsDir` (refused when it holds files, unless `force`), then
 * compares both with the manifest. The whole archive is authenticated before anything is
 * written to the target.
 */
export async function restoreBackup({ archivePath, passphrase, targetUrl, uploadsDir, force = false }: RestoreInput) {
  const provider = providerOf(targetUrl);
  if (!force && (await databaseTableCount(targetUrl)) > 0)
    throw new BackupError(
      'RESTORE_TARGET_NOT_EMPTY',
      'The target database holds tables: restore into an empty one, or pass --force to replace it.',
    );
  const uploadsTarget = uploadsDir ? resolve(backendRoot, uploadsDir) : null;
  if (uploadsTarget && !force && (await listFiles(uploadsTarget)).length > 0)
    throw new BackupError(
      'RESTORE_TARGET_NOT_EMPTY',
      `The uploads folder ${uploadsTarget} holds files: use an empty one, or pass --force.`,
    );

  const scratch = await mkdtemp(join(tmpdir(), 'khadamat-restore-'));
  try {
    const manifest = await openArchive(archivePath, passphrase, scratch);
    if (manifest.provider !== provider)
      throw new BackupError('RESTORE_PROVIDER_MISMATCH', `The archive holds a ${manifest.provider} database; the target is ${provider}.`);
    await restoreDatabase({ dumpFile: join(scratch, DUMP_NAME[provider]), targetUrl, force });
    if (uploadsTarget) {
      if (force) await rm(uploadsTarget, { recursive: true, force: true });
      for (const file of manifest.files.entries) {
        const to = join(uploadsTarget, file.path);
        await mkdir(dirname(to), { recursive: true });
        await copyFile(join(scratch, 'uploads', file.path), to);
      }
      await mkdir(uploadsTarget, { recursive: true });
    }
    const restored = await databaseStats(targetUrl);
    const comparison = compareWithManifest(manifest, {
      tables: restored.tables,
      files: uploadsTarget ? await listFiles(uploadsTarget) : null,
    });
    return { manifest, comparison };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** `npm run backup -- --verify <archive>`: restores into a scratch database and folder, compares, drops them. */
export async function verifyBackup({
  archivePath,
  config,
}: {
  archivePath: string;
  config: BackupSettings;
}): Promise<{ manifest: BackupManifest; comparison: Comparison }> {
  const { key } = requireSettings(config);
  const scratchDir = await mkdtemp(join(tmpdir(), 'khadamat-verify-'));
  const database = await createScratchDatabase(config.database.url, scratchDir);
  try {
    return await restoreBackup({ archivePath, passphrase: key, targetUrl: database.url, uploadsDir: join(scratchDir, 'uploads') });
  } finally {
    await database.drop().catch(() => undefined);
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/** The archives in BACKUP_DIR, newest first, with the time their name carries. */
export async function listArchives(dir: string): Promise<{ path: string; at: Date; bytes: number }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out = [];
  for (const name of names) {
    const m = ARCHIVE_NAME.exec(name);
    if (!m) continue;
    const at = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
    out.push({ path: join(dir, name), at, bytes: (await stat(join(dir, name))).size });
  }
  return out.sort((a, b) => b.at.getTime() - a.at.getTime());
}

/**
 * Removes archives older than BACKUP_RETENTION_DAYS. The newest archive is always kept,
 * however old: pruning never leaves the platform with no backup at all.
 */
export async function pruneBackups({ config, now = new Date() }: { config: BackupSettings; now?: Date }): Promise<string[]> {
  const { dir } = requireSettings(config);
  const cutoff = now.getTime() - config.backup.retentionDays * 86_400_000;
  const [, ...older] = await listArchives(dir);
  const removed: string[] = [];
  for (const archive of older) {
    if (archive.at.getTime() >= cutoff) continue;
    await rm(archive.path, { force: true });
    removed.push(archive.path);
  }
  return removed;
}
