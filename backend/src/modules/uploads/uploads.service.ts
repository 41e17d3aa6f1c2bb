import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Role, Upload as UploadDto, UploadKind } from '@khadamat/contracts';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import type { Config } from '../../config/env';
import type { Scanner } from '../../platform/antivirus/antivirus';
import type { Db, DbClient } from '../../platform/db/client';
import { AppError, notFound } from '../../platform/errors/app-error';
import type { RedisClient } from '../../platform/redis/redis';
import type { ObjectStorage } from '../../platform/storage/storage';
import { recordAudit, type RequestOrigin } from '../audit/audit.service';
import type { ProcessingPool } from './processing-pool';
import { UPLOAD_KINDS, uploadLimit, type AcceptedMime } from './upload-kinds';
import { assertQuota, countUploadAttempt } from './upload-limits';

export interface UploadDeps {
  db: Db;
  storage: ObjectStorage;
  scanner: Scanner;
  redis: RedisClient;
  /** Where images are decoded and re-encoded: one per API process. */
  pool: Pick<ProcessingPool, 'run'>;
  config: Pick<Config, 'uploads'>;
}

export interface ReceivedFile {
  data: Buffer;
  /** As the client named it: for display only, never for a path or a type. */
  fileName: string;
}

interface Caller {
  id: string;
  role: Role;
}

/** A stored object ready to be streamed to a client. */
export interface FileToSend {
  stream: Readable;
  size: number;
  mimeType: string;
  fileName: string;
}

type UploadRow = Awaited<ReturnType<Db['upload']['create']>>;
type ImageMime = Exclude<AcceptedMime, 'application/pdf'>;

// 25 megapixels, read from the header before anything is decoded. It takes what phones
// save by default: 12 MP (4032×3024) and the 24-MP photos of recent iPhones (5712×4284);
// 48–200 MP "full resolution" modes are refused with a clear message. Cost grows with the
// pixels, not the bytes (a 47 KB PNG can announce 7000×7000). Measured per job on this
// pipeline: at 25 MP, 120–185 MB at peak (360–430 MB with an alpha channel) and 1.5–3.5 s
// of one core; at 49 MP, 235 MB (700 MB with alpha) and 3–4 s. The limit bounds what one
// job of the processing pool may take.
export const MAX_INPUT_PIXELS = 25_000_000;
const WEBP_QUALITY = 82;
const SHARP_FORMAT: Record<ImageMime, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };
const EXTENSION: Record<string, string> = { 'image/webp': 'webp', 'application/pdf': 'pdf' };
// Keys are `<uuid>.<ext>` and a variant `<uuid>-<width>w.<ext>`: a variant names its
// main object, so a public file is found through the unique storageKey index.
const OBJECT_KEY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:-\d{2,4}w)?\.([a-z]{3,4})$/;

export interface CreateUploadInput extends UploadDeps {
  owner: Caller;
  kind: UploadKind;
  origin: RequestOrigin;
  /** Reads the file from the request, refusing (413) more than maxBytes; called once the caller may upload. */
  receive: (limits: { maxBytes: number }) => Promise<ReceivedFile>;
}

// Process-wide libvips settings, measured with the 25- and 49-MP images above: neither
// changes the peak memory of a job. Each upload is a new buffer, so the operation cache
// (up to 100 operations by default) has nothing to reuse and is off. One libvips thread
// per job (sharp's default on glibc, not on musl or with jemalloc) makes a job one core
// wherever it runs, so the pool's concurrency is the number of cores image work may take.
sharp.cache(false);
sharp.concurrency(1);

/**
 * The one pipeline every file goes through: role → member's hourly rate and storage
 * quota → size → antivirus → type by magic bytes → image size from its header → images
 * re-encoded in the processing pool (orientation applied, metadata dropped, WebP
 * variants) → quota with the final size → stored under random keys → recorded. Nothing is
 * written before the scan says clean, nor when any step refuses.
 */
export async function createUpload({
  db,
  storage,
  scanner,
  redis,
  pool,
  config,
  owner,
  kind,
  origin,
  receive,
}: CreateUploadInput): Promise<UploadDto> {
  const rule = UPLOAD_KINDS[kind];
  if (rule.roles && !rule.roles.includes(owner.role))
    throw new AppError('FORBIDDEN', 403, 'You are not allowed to upload this kind of file');

  // Admins are exempt (they upload for the platform); every other member is counted
  // before the body is read, and refused at once when their storage is already full.
  const quotaBytes = owner.role === 'admin' ? null : config.uploads.quotaBytes;
  if (quotaBytes !== null) {
    await countUploadAttempt({ redis, ownerId: owner.id, perHour: config.uploads.ratePerHour });
    await assertQuota({ db, ownerId: owner.id, quotaBytes, adding: 0 });
  }

  const { data, fileName } = await receive({ maxBytes: uploadLimit({ kind, configMaxBytes: config.uploads.maxBytes }) });
  if (data.length === 0) throw new AppError('UPLOAD_EMPTY', 400, 'The file is empty');

  // Scanned first, whatever the type: an infected file is refused and audited even when
  // it would also have failed the type check.
  const verdict = await scanner.scan(data);
  if (!verdict.clean) {
    await recordAudit({
      db,
      action: 'upload.infected',
      actorId: owner.id,
      origin,
      detail: {
        signature: verdict.signature,
        ownerId: owner.id,
        kind,
        sha256: sha256Of(data),
        sizeBytes: data.length,
        originalName: displayName(fileName),
      },
    });
    throw new AppError('UPLOAD_INFECTED', 422, 'The file contains malware and was refused');
  }
  return storeUpload({ db, storage, pool, ownerId: owner.id, kind, data, fileName, quotaBytes });
}

export interface StoreUploadInput extends Pick<UploadDeps, 'db' | 'storage' | 'pool'> {
  ownerId: string;
  kind: UploadKind;
  /** Bytes the antivirus has passed, or that the platform produced itself. */
  data: Buffer;
  /** As the client named it: kept for display only. */
  fileName: string;
  /** Bytes the owner may keep stored in all, this file included; null: no quota (admins, the seed). */
  quotaBytes?: number | null;
}

/**
 * The pipeline past the antivirus: type by magic bytes → image size from its header →
 * images re-encoded in the pool (orientation applied, metadata dropped, WebP variants) →
 * quota → stored under random keys → recorded. createUpload calls it once the scan says
 * clean; the demo seed calls it for the pictures it renders itself, so they are stored
 * exactly like a provider's photos.
 */
export async function storeUpload({
  db,
  storage,
  pool,
  ownerId,
  kind,
  data,
  fileName,
  quotaBytes = null,
}: StoreUploadInput): Promise<UploadDto> {
  const rule = UPLOAD_KINDS[kind];
  const detected = (await fileTypeFromBuffer(data))?.mime;
  const mime = rule.accepts.find((accepted) => accepted === detected);
  if (!mime) throw new AppError('UPLOAD_TYPE_NOT_ALLOWED', 415, `Accepted file types: ${rule.accepts.join(', ')}`);

  let prepared: PreparedFile;
  if (mime === 'application/pdf') {
    prepared = { main: data, mimeType: mime, width: null, height: null, variants: [] };
  } else {
    // Outside the pool: reading a header is cheap, so an image that is too large is
    // refused at once even while the pool is full, and never waits for a slot.
    await checkImageHeader({ data, mime });
    prepared = await pool.run(() => reencodeImage({ data, variantWidths: rule.variantWidths }));
  }
  if (quotaBytes !== null) await assertQuota({ db, ownerId, quotaBytes, adding: prepared.main.length });

  const id = randomUUID();
  const extension = EXTENSION[prepared.mimeType]!;
  const storageKey = `${id}.${extension}`;
  const variants = prepared.variants.map((variant) => ({ ...variant, key: `${id}-${variant.name}.${extension}` }));
  const objects = [{ key: storageKey, data: prepared.main }, ...variants];
  const written: string[] = [];
  try {
    for (const object of objects) {
      await storage.put(object.key, object.data, { contentType: prepared.mimeType });
      written.push(object.key);
    }
    const row = await db.upload.create({
      data: {
        ownerId,
        kind,
        visibility: rule.visibility,
        mimeType: prepared.mimeType,
        sizeBytes: prepared.main.length,
        sha256: sha256Of(data),
        width: prepared.width,
        height: prepared.height,
        storageKey,
        variants: JSON.stringify(Object.fromEntries(variants.map((variant) => [variant.name, variant.key]))),
        originalName: displayName(fileName),
      },
    });
    return toUploadDto(row);
  } catch (error) {
    // No row points at them: remove what was written so nothing is left orphaned.
    await Promise.all(written.map((key) => storage.delete(key).catch(() => undefined)));
    throw error;
  }
}

function sha256Of(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

interface PreparedFile {
  main: Buffer;
  mimeType: 'image/webp' | 'application/pdf';
  width: number | null;
  height: number | null;
  variants: { name: string; data: Buffer }[];
}

const tooLarge = () => new AppError('UPLOAD_IMAGE_TOO_LARGE', 422, `Images may have at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels`);

/**
 * Reads the image header only (sharp's metadata() decodes no pixel): the format must be
 * the one file-type found, so a decoder other than the accepted one never runs, and the
 * announced size must be within MAX_INPUT_PIXELS.
 */
async function checkImageHeader({ data, mime }: { data: Buffer; mime: ImageMime }): Promise<void> {
  let header: Metadata;
  try {
    header = await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) throw tooLarge();
    throw new AppError('UPLOAD_IMAGE_UNREADABLE', 422, 'The image could not be read');
  }
  if (header.format !== SHARP_FORMAT[mime]) throw new AppError('UPLOAD_TYPE_NOT_ALLOWED', 415, 'The image format is not accepted');
  if (!header.width || !header.height) throw new AppError('UPLOAD_IMAGE_UNREADABLE', 422, 'The image could not be read');
  if (header.width * header.height > MAX_INPUT_PIXELS) throw tooLarge();
}

/** Decodes within the pixel limit, applies EXIF orientation, drops all metadata (sharp's default) and writes WebP. */
async function reencodeImage({ data, variantWidths }: { data: Buffer; variantWidths: readonly number[] }): Promise<PreparedFile> {
  // The limit again, in libvips itself: nothing past it is ever decoded.
  const open = () => sharp(data, { limitInputPixels: MAX_INPUT_PIXELS }).rotate();
  try {
    const main = await open().webp({ quality: WEBP_QUALITY }).toBuffer({ resolveWithObject: true });
    const variants: PreparedFile['variants'] = [];
    // Only copies narrower than the original: enlarging adds bytes, not detail.
    for (const width of variantWidths.filter((w) => w < main.info.width)) {
      const resized = await open().resize({ width, withoutEnlargement: true }).webp({ quality: WEBP_QUALITY }).toBuffer();
      variants.push({ name: `${width}w`, data: resized });
    }
    return { main: main.data, mimeType: 'image/webp', width: main.info.width, height: main.info.height, variants };
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) throw tooLarge();
    throw new AppError('UPLOAD_IMAGE_UNREADABLE', 422, 'The image could not be read');
  }
}

export function toUploadDto(row: UploadRow): UploadDto {
  const variants = JSON.parse(row.variants) as Record<string, string>;
  const isPublic = row.visibility === 'public';
  return {
    id: row.id,
    kind: row.kind as UploadKind,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    width: row.width,
    height: row.height,
    url: isPublic ? publicFileUrl(row.storageKey) : `/api/uploads/${row.id}/download`,
    variants: isPublic ? Object.fromEntries(Object.entries(variants).map(([name, key]) => [name, publicFileUrl(key)])) : {},
  };
}

function publicFileUrl(key: string): string {
  return `/files/${key}`;
}

/** A public upload's object (main or variant) by key; any other key is not found. */
export async function openPublicFile({ db, storage, key }: Pick<UploadDeps, 'db' | 'storage'> & { key: string }): Promise<FileToSend> {
  const match = OBJECT_KEY.exec(key);
  if (!match) throw notFound('File');
  const row = await db.upload.findUnique({ where: { storageKey: `${match[1]}.${match[2]}` } });
  if (!row || row.visibility !== 'public' || !objectKeysOf(row).includes(key)) throw notFound('File');
  return openObject({ storage, key, row });
}

/** Any upload, for its owner (and admins); everyone else is told it does not exist. */
export async function openUploadDownload({
  db,
  storage,
  uploadId,
  viewer,
}: Pick<UploadDeps, 'db' | 'storage'> & { uploadId: string; viewer: Caller }): Promise<FileToSend> {
  const row = await db.upload.findUnique({ where: { id: uploadId } });
  // Identity documents: their owner here; admins through the KYC review (admin networks, short-lived links).
  const adminMay = viewer.role === 'admin' && row?.kind !== 'kyc_document';
  if (!row || (row.ownerId !== viewer.id && !adminMay)) throw notFound('Upload');
  return openObject({ storage, key: row.storageKey, row });
}

/** Uploads of one kind by id that belong to `ownerId`, in the order asked; any other id is left out. */
export async function findOwnUploads({
  db,
  ids,
  ownerId,
  kind,
}: {
  db: DbClient;
  ids: readonly string[];
  ownerId: string;
  kind: UploadKind;
}) {
  const rows = await db.upload.findMany({ where: { id: { in: [...ids] }, ownerId, kind } });
  return ids.flatMap((id) => rows.filter((row) => row.id === id));
}

/**
 * An upload of `kind` for a viewer whose right to it the calling module has checked (the
 * parties of a booking for its photos and its conversation's attachments); not found when
 * the id is of another kind.
 */
export async function openAttachedUpload({
  db,
  storage,
  uploadId,
  kind,
}: Pick<UploadDeps, 'db' | 'storage'> & { uploadId: string; kind: UploadKind }): Promise<FileToSend> {
  const row = await db.upload.findUnique({ where: { id: uploadId } });
  if (!row || row.kind !== kind) throw notFound('Upload');
  return openObject({ storage, key: row.storageKey, row });
}

/** Removes the row, then its objects (a failure there leaves unreferenced files, never a broken reference). */
export async function deleteUpload({
  db,
  storage,
  uploadId,
  ownerId,
}: Pick<UploadDeps, 'db' | 'storage'> & { uploadId: string; ownerId: string }) {
  const row = await db.upload.findUnique({ where: { id: uploadId }, include: { kycDocument: true } });
  if (!row || row.ownerId !== ownerId) throw notFound('Upload');
  if (row.kycDocument) throw new AppError('UPLOAD_IN_USE', 409, 'This file is a document of your verification file; remove it there first');
  await db.upload.delete({ where: { id: row.id } });
  await Promise.all(objectKeysOf(row).map((key) => storage.delete(key)));
}

/** The keys of an upload's stored objects: the main one, then its variants. */
export function objectKeysOf(row: Pick<UploadRow, 'storageKey' | 'variants'>): string[] {
  return [row.storageKey, ...Object.values(JSON.parse(row.variants) as Record<string, string>)];
}

async function openObject({ storage, key, row }: { storage: ObjectStorage; key: string; row: UploadRow }): Promise<FileToSend> {
  const object = await storage.get(key);
  if (!object) throw notFound('File');
  return { ...object, mimeType: row.mimeType, fileName: downloadName({ originalName: row.originalName, mimeType: row.mimeType }) };
}

/** The client's name without any path, control or bidi-override characters; display only. */
function displayName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  return base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 120);
}

/** The display name with the extension of what is actually served (a photo.jpg comes back as photo.webp). */
function downloadName({ originalName, mimeType }: { originalName: string; mimeType: string }): string {
  const stem = originalName.replace(/\.[^.]*$/, '') || 'file';
  return `${stem}.${EXTENSION[mimeType] ?? 'bin'}`;
}
