// `npm run restore -- <archive> --target <DATABASE_URL> [--uploads <dir>] [--force]`:
// restores an archive made by `npm run backup` into an empty database (a non-empty one is
// refused unless --force) and its uploads into a folder (UPLOAD_STORAGE_DIR by default),
// then compares every table and file with the archive's manifest. The archive is opened
// with BACKUP_ENCRYPTION_KEY; a wrong key or an altered archive is refused before
// anything is written.
import { parseArgs } from 'node:util';
import { EnvValidationError, loadConfig } from '../src/config/env';
import { AppError } from '../src/platform/errors/app-error';
import { restoreBackup } from '../src/modules/backups/backups.service';

const usage = 'Usage: npm run restore -- <archive> --target <DATABASE_URL> [--uploads <dir>] [--force]';
try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { target: { type: 'string' }, uploads: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
  const archivePath = positionals[0];
  if (!archivePath || !values.target || positionals.length > 1) throw new AppError('USAGE', 1, usage);
  const config = loadConfig();
  if (!config.backup.encryptionKey)
    throw new AppError('BACKUP_NOT_CONFIGURED', 1, 'BACKUP_ENCRYPTION_KEY is not set: it opens the archive.');
  const started = Date.now();
  const { manifest, comparison } = await restoreBackup({
    archivePath,
    passphrase: config.backup.encryptionKey,
    targetUrl: values.target,
    uploadsDir: values.uploads ?? config.uploads.storageDir,
    force: values.force,
  });
  console.log(
    `restored the archive of ${manifest.createdAt} (${manifest.provider}, migration ${manifest.migration ?? 'none'}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  for (const line of comparison.lines) console.log(`  ${line}`);
  if (!comparison.ok) throw new AppError('RESTORE_VERIFY_FAILED', 1, 'The restored copy differs from the manifest.');
  console.log('verified: every table and file matches the manifest');
} catch (error) {
  if (error instanceof EnvValidationError) console.error(error.message);
  else if (error instanceof AppError) console.error(`${error.code}: ${error.message}`);
  else console.error(error);
  process.exit(1);
}
