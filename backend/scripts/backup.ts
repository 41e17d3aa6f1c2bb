// `npm run backup`: one encrypted archive of the database and the uploads into BACKUP_DIR,
// then prunes archives older than BACKUP_RETENTION_DAYS; prints the archive's path last.
// `npm run backup -- --verify <archive>`: restores it into a scratch database and folder
// and compares every table's rows and money sums, and every file, with its manifest.
import { parseArgs } from 'node:util';
import { EnvValidationError, loadConfig } from '../src/config/env';
import { AppError } from '../src/platform/errors/app-error';
import { createBackup, pruneBackups, verifyBackup } from '../src/modules/backups/backups.service';

try {
  const { values } = parseArgs({ options: { verify: { type: 'string' } } });
  const config = loadConfig();
  if (values.verify) {
    const { manifest, comparison } = await verifyBackup({ archivePath: values.verify, config });
    console.log(`archive of ${manifest.createdAt} (${manifest.provider}, migration ${manifest.migration ?? 'none'})`);
    for (const line of comparison.lines) console.log(`  ${line}`);
    if (!comparison.ok) throw new AppError('BACKUP_VERIFY_FAILED', 1, 'The restored copy differs from the manifest.');
    console.log('verified: every table and file matches the manifest');
  } else {
    const started = Date.now();
    const { archivePath, bytes, manifest } = await createBackup({ config });
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `backup written in ${((Date.now() - started) / 1000).toFixed(1)} s: ${manifest.tables.length} tables, ${rows} rows, ${manifest.files.count} files (${manifest.files.bytes} bytes), archive ${bytes} bytes`,
    );
    for (const removed of await pruneBackups({ config })) console.log(`pruned ${removed}`);
    console.log(archivePath);
  }
} catch (error) {
  if (error instanceof EnvValidationError) console.error(error.message);
  else if (error instanceof AppError) console.error(`${error.code}: ${error.message}`);
  else console.error(error);
  process.exit(1);
}
