import { rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStorage, type ObjectStorage } from '../../src/platform/storage/storage';
import { PHOTO_HEIGHT, PHOTO_LAYOUTS, PHOTO_WIDTH } from '../../src/seed/photos';
import { CATEGORIES } from '../../src/seed/reference-data';
import { seedDatabase, type SeedResult } from '../../src/seed/seed.service';
import { createUploadTestApp, storedFiles, type UploadTestApp } from '../uploads/upload-helpers';

const PICTURES = CATEGORIES.length * PHOTO_LAYOUTS;

describe('seed with demo photos', () => {
  let t: UploadTestApp;
  let storage: ObjectStorage;
  let first: SeedResult;

  // 300 services and 36 pictures through the upload pipeline: generous time for a loaded CI machine.
  beforeAll(async () => {
    t = await createUploadTestApp();
    storage = createLocalStorage({ dir: t.storageDir });
    first = await seedDatabase({ db: t.db, demo: true, photoStorage: storage });
  }, 120_000);
  afterAll(() => t.close());

  const snapshot = async () => ({
    uploads: await t.db.upload.findMany({ orderBy: { storageKey: 'asc' } }),
    links: await t.db.servicePhoto.findMany({ orderBy: [{ serviceId: 'asc' }, { position: 'asc' }] }),
    files: storedFiles(t).sort(),
  });

  it('gives every demo service, hand-written or generated, 1 to 3 photos of its category', async () => {
    const services = await t.db.service.findMany({
      // The operators' test service (unlisted) is not demo content: it gets no photo.
      where: { provider: { unlisted: false } },
      include: { photos: { include: { upload: true } }, category: { include: { parent: true } } },
    });
    expect(services).toHaveLength(300);
    for (const service of services) {
      expect(service.photos.length, service.slug).toBeGreaterThanOrEqual(1);
      expect(service.photos.length, service.slug).toBeLessThanOrEqual(3);
      expect(service.photos.map((p) => p.position).sort()).toEqual(service.photos.map((_, i) => i));
      const top = service.category.parent?.slug ?? service.category.slug;
      expect(service.photos.every((p) => p.upload.originalName.startsWith(`demo-${top}-`))).toBe(true);
    }
    expect(first.photos).toBe(services.reduce((sum, s) => sum + s.photos.length, 0));
    // Varied: most pictures are used, and not every service starts with the same one.
    expect(new Set(services.flatMap((s) => s.photos.map((p) => p.uploadId))).size).toBeGreaterThan(PICTURES * 0.8);
  });

  it('stores each picture once, as a public WebP service photo with its sized variants', async () => {
    const { uploads, files } = await snapshot();
    expect(uploads).toHaveLength(PICTURES);
    const admin = await t.db.user.findFirstOrThrow({ where: { role: 'admin' } });
    for (const upload of uploads) {
      expect(upload).toMatchObject({
        ownerId: admin.id,
        kind: 'service_photo',
        visibility: 'public',
        mimeType: 'image/webp',
        width: PHOTO_WIDTH,
        height: PHOTO_HEIGHT,
      });
      const variants = JSON.parse(upload.variants) as Record<string, string>;
      // The pipeline makes only copies narrower than the original.
      expect(Object.keys(variants).sort()).toEqual(['320w', '800w']);
      const expected = { [upload.storageKey]: PHOTO_WIDTH, [variants['320w']!]: 320, [variants['800w']!]: 800 };
      for (const [key, width] of Object.entries(expected)) {
        expect(files).toContain(key);
        const meta = await sharp(join(t.storageDir, key)).metadata();
        expect(meta, key).toMatchObject({ format: 'webp', width, height: Math.round((width * PHOTO_HEIGHT) / PHOTO_WIDTH) });
      }
    }
    expect(files).toHaveLength(PICTURES * 3);
  });

  it('serves the photos of a demo service at their public URLs with long cache headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/services/karim-reparation-fuite' });
    expect(res.statusCode).toBe(200);
    const photos = res.json().photos as { url: string; variants: Record<string, string> }[];
    expect(photos.length).toBeGreaterThanOrEqual(1);
    for (const [url, width] of [
      [photos[0]!.url, PHOTO_WIDTH],
      [photos[0]!.variants['320w']!, 320],
      [photos[0]!.variants['800w']!, 800],
    ] as const) {
      const file = await t.app.inject({ method: 'GET', url });
      expect(file.statusCode, url).toBe(200);
      expect(file.headers['content-type']).toBe('image/webp');
      expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((await sharp(file.rawPayload).metadata()).width).toBe(width);
    }
  });

  it('is idempotent: a second run renders, stores and links nothing new', { timeout: 120_000 }, async () => {
    const before = await snapshot();
    const second = await seedDatabase({ db: t.db, demo: true, photoStorage: storage });
    expect(second).toEqual(first);
    expect(await snapshot()).toEqual(before);
  });

  it('replaces a picture whose files were lost, and only that one', { timeout: 120_000 }, async () => {
    const before = await snapshot();
    const lost = before.uploads[0]!;
    rmSync(join(t.storageDir, lost.storageKey));
    const linkedBefore = before.links.filter((link) => link.uploadId === lost.id).length;

    await seedDatabase({ db: t.db, demo: true, photoStorage: storage });
    const after = await snapshot();
    expect(after.uploads).toHaveLength(PICTURES);
    expect(after.uploads.find((u) => u.id === lost.id)).toBeUndefined();
    const replacement = after.uploads.find((u) => u.originalName === lost.originalName)!;
    expect(after.links.filter((link) => link.uploadId === replacement.id)).toHaveLength(linkedBefore);
    expect(after.links).toHaveLength(before.links.length);
    // Its variants went with the row; nothing else changed.
    expect(after.files).toHaveLength(PICTURES * 3);
    expect(after.uploads.filter((u) => u.id !== replacement.id)).toEqual(before.uploads.filter((u) => u.id !== lost.id));
  });
});

describe('seed without photo storage (seed:scale, tests)', () => {
  it('gives the demo services no photos and writes no file', { timeout: 120_000 }, async () => {
    const t = await createUploadTestApp();
    try {
      const result = await seedDatabase({ db: t.db, demo: true, generated: false });
      expect(result.photos).toBe(0);
      expect(await t.db.upload.count()).toBe(0);
      expect(storedFiles(t)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
