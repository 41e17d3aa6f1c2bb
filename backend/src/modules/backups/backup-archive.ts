// The archive format: a tar stream (manifest.json, the database, the upload files) sealed
// with age (passphrase recipient = BACKUP_ENCRYPTION_KEY: scrypt, then ChaCha20-Poly1305
// in authenticated 64 KiB chunks). Any age implementation opens it (`age -d file.tar.age`).
// Decryption writes only into a private scratch folder; the caller restores from there
// once the whole archive has been authenticated, so a wrong key or an altered archive
// leaves the target untouched.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Decrypter, Encrypter } from 'age-encryption';
import tar from 'tar-stream';
import { AppError } from '../../platform/errors/app-error';

/** One entry of the archive: a file on disk stored under `name`. */
export interface ArchiveEntry {
  name: string;
  path: string;
}

export class BackupError extends AppError {
  constructor(code: string, message: string) {
    super(code, 400, message);
    this.name = 'BackupError';
  }
}

/**
 * Packs `entries` (in order) into `archivePath`, encrypted with `passphrase`. Written to a
 * `.partial` file then renamed, so a crash never leaves something that looks like a backup.
 */
export async function writeEncryptedArchive({
  archivePath,
  entries,
  passphrase,
}: {
  archivePath: string;
  entries: ArchiveEntry[];
  passphrase: string;
}): Promise<{ bytes: number }> {
  const pack = tar.pack();
  const feed = (async () => {
    for (const entry of entries) {
      const { size } = await stat(entry.path);
      await new Promise<void>((resolve, reject) => {
        const sink = pack.entry({ name: entry.name, size, mode: 0o600 }, (error) => (error ? reject(error) : resolve()));
        createReadStream(entry.path)
          .on('error', reject)
          .pipe(sink as unknown as Writable);
      });
    }
    pack.finalize();
  })();
  feed.catch((error: Error) => pack.destroy(error));

  const encrypter = new Encrypter();
  encrypter.setPassphrase(passphrase);
  const plaintext = Readable.toWeb(Readable.from(pack)) as unknown as ReadableStream<Uint8Array>;
  const sealed = await encrypter.encrypt(plaintext);
  const partial = `${archivePath}.partial`;
  await mkdir(dirname(archivePath), { recursive: true });
  try {
    await pipeline(Readable.fromWeb(sealed as unknown as WebReadableStream<Uint8Array>), createWriteStream(partial, { mode: 0o600 }));
    await feed;
    await rename(partial, archivePath);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { bytes: (await stat(archivePath)).size };
}

/**
 * Decrypts and unpacks `archivePath` into `intoDir` (created, private). Throws a
 * BackupError BACKUP_WRONG_KEY when the passphrase does not open it, BACKUP_TAMPERED when
 * any byte fails authentication (altered, truncated, or not an archive of ours); the
 * scratch folder is then removed.
 */
export async function readEncryptedArchive({
  archivePath,
  intoDir,
  passphrase,
}: {
  archivePath: string;
  intoDir: string;
  passphrase: string;
}): Promise<string[]> {
  await stat(archivePath).catch(() => {
    throw new BackupError('BACKUP_NOT_FOUND', `No archive at ${archivePath}`);
  });
  await mkdir(intoDir, { recursive: true, mode: 0o700 });
  const decrypter = new Decrypter();
  decrypter.addPassphrase(passphrase);
  const names: string[] = [];
  try {
    let plaintext: ReadableStream<Uint8Array>;
    try {
      plaintext = await decrypter.decrypt(Readable.toWeb(createReadStream(archivePath)) as unknown as ReadableStream<Uint8Array>);
    } catch (error) {
      if (/no identity matched/.test((error as Error).message))
        throw new BackupError(
          'BACKUP_WRONG_KEY',
          'The archive cannot be opened with BACKUP_ENCRYPTION_KEY (wrong key): nothing was restored.',
        );
      throw tampered(error);
    }
    const extract = tar.extract();
    const unpacked = new Promise<void>((resolve, reject) => {
      extract.on('entry', (header, stream, next) => {
        const name = normalize(header.name);
        if (header.type !== 'file' || name.startsWith('..') || name.startsWith(sep)) {
          stream.resume();
          reject(
            new BackupError('BACKUP_TAMPERED', `Unexpected entry ${JSON.stringify(header.name)} in the archive: nothing was restored.`),
          );
          return;
        }
        const target = join(intoDir, name);
        names.push(name);
        mkdir(dirname(target), { recursive: true })
          .then(() => pipeline(stream as unknown as Readable, createWriteStream(target, { mode: 0o600 })))
          .then(() => next(), reject);
      });
      extract.on('finish', resolve);
      extract.on('error', reject);
    });
    try {
      await Promise.all([feedExtractor(plaintext, extract), unpacked]);
    } catch (error) {
      extract.destroy();
      throw error instanceof BackupError ? error : tampered(error);
    }
    return names;
  } catch (error) {
    await rm(intoDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Reads the decrypted stream chunk by chunk into the tar extractor. (Piping it through
 * Readable.fromWeb lets an authentication failure in the last chunk escape as an uncaught
 * exception on Node 20; a reader loop gets it as a rejected read.)
 */
async function feedExtractor(plaintext: ReadableStream<Uint8Array>, extract: tar.Extract): Promise<void> {
  const reader = plaintext.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!extract.write(Buffer.from(value.buffer, value.byteOffset, value.byteLength)))
      await new Promise<void>((resolve) => extract.once('drain', () => resolve()));
  }
  extract.end(() => undefined);
}

function tampered(cause: unknown): BackupError {
  const error = new BackupError(
    'BACKUP_TAMPERED',
    `The archive failed its authentication check (altered, truncated or not a backup archive): nothing was restored. (${(cause as Error).message})`,
  );
  error.cause = cause;
  return error;
}
