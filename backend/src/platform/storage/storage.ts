import { randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { backendRoot } from '../../config/paths';

export interface StoredObject {
  stream: Readable;
  size: number;
}

/**
 * Where uploaded bytes live, addressed by opaque keys. Kept to what an S3-compatible
 * bucket also offers (PutObject with a Content-Type, GetObject as a stream with its
 * length, DeleteObject, HeadObject), so a bucket can replace the local folder without
 * touching the upload pipeline.
 */
export interface ObjectStorage {
  put(key: string, data: Buffer, meta: { contentType: string }): Promise<void>;
  /** The object as a stream, or null when there is none under this key. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing a missing one is not an error (safe to retry). */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

// One flat namespace of names we generate: no separators, no leading dot (temp files and
// `..` can never be addressed).
const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)?$/;

/** A fresh random key; never derived from anything the client sent. */
export function newObjectKey({ extension }: { extension: string }): string {
  return `${randomUUID()}.${extension}`;
}

export function isSafeObjectKey(key: string): boolean {
  return key.length <= 128 && SAFE_KEY.test(key);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Objects as files in one folder (UPLOAD_STORAGE_DIR, relative paths from the backend folder). */
export function createLocalStorage({ dir }: { dir: string }): ObjectStorage {
  const root = resolve(backendRoot, dir);
  mkdirSync(root, { recursive: true });

  const pathOf = (key: string): string => {
    const path = join(root, key);
    // The key pattern already rules out separators; the prefix check is the belt to its braces.
    if (!isSafeObjectKey(key) || !path.startsWith(root + sep)) throw new Error(`Refused object key ${JSON.stringify(key)}`);
    return path;
  };

  return {
    // The local folder has no per-object metadata: the Upload row holds the content type.
    async put(key, data) {
      const path = pathOf(key);
      // Written under a temporary name and renamed: a reader never sees half a file.
      const temp = join(root, `.tmp-${randomUUID()}`);
      const file = await open(temp, 'wx', 0o640);
      try {
        try {
          await file.writeFile(data);
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temp, path);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw error;
      }
    },

    async get(key) {
      const path = pathOf(key);
      try {
        const { size } = await stat(path);
        return { stream: createReadStream(path), size };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async delete(key) {
      try {
        await unlink(pathOf(key));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    },

    async exists(key) {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },
  };
}
