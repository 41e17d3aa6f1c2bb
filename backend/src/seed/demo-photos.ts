// Photos of the demo services: the pictures of photos.ts go through the upload pipeline
// once (WebP, sized variants, Upload rows, UPLOAD_STORAGE_DIR) and are shared by the
// services of their category, 1 to 3 each. A second run finds them by name: nothing is
// rendered, stored or linked twice.
import type { Db } from '../platform/db/client';
import type { ObjectStorage } from '../platform/storage/storage';
import { unpooled } from '../modules/uploads/processing-pool';
import { deleteUpload, objectKeysOf, storeUpload } from '../modules/uploads/uploads.service';
import { demoPhotos, renderDemoPhoto } from './photos';
import { CATEGORIES } from './reference-data';

// Names given by demoPhotos(): `demo-<category>-<layout>-<digest>.png`.
const DEMO_PHOTO_NAME = /^demo-[a-z-]+-\d+-[0-9a-f]{10}\.png$/;
// Enough to keep libvips busy on every core while PNGs decode and WebPs encode.
const CONCURRENCY = 4;

const topCategoryOf = new Map<string, string>(
  CATEGORIES.flatMap((top) => [[top.slug, top.slug] as const, ...top.children.map((child) => [child.slug, top.slug] as const)]),
);

/**
 * The demo pictures as service_photo uploads, upload ids by top-level category (in
 * layout order). They belong to the demo admin rather than to a provider: one picture
 * serves many providers' services, so none of them may delete it for the others (each can
 * still take it off their own service).
 */
export async function ensureDemoPhotos({
  db,
  storage,
  ownerId,
}: {
  db: Db;
  storage: ObjectStorage;
  ownerId: string;
}): Promise<{ byCategory: Map<string, string[]>; uploadIds: string[] }> {
  const photos = demoPhotos();
  const wanted = new Set(photos.map((photo) => photo.name));
  const rows = await db.upload.findMany({ where: { ownerId, kind: 'service_photo', originalName: { startsWith: 'demo-' } } });
  const idByName = new Map<string, string>();
  for (const row of rows.filter((r) => DEMO_PHOTO_NAME.test(r.originalName))) {
    const complete = (await Promise.all(objectKeysOf(row).map((key) => storage.exists(key)))).every(Boolean);
    if (wanted.has(row.originalName) && !idByName.has(row.originalName) && complete) idByName.set(row.originalName, row.id);
    // A picture drawn differently since, or whose files are gone: replaced (its links go with it).
    else await deleteUpload({ db, storage, uploadId: row.id, ownerId });
  }

  const missing = photos.filter((photo) => !idByName.has(photo.name));
  let next = 0;
  const worker = async () => {
    for (let photo = missing[next++]; photo; photo = missing[next++]) {
      // No antivirus scan: these bytes are rendered here from our own SVG, not received from anyone.
      const upload = await storeUpload({
        db,
        storage,
        // Our own pictures, CONCURRENCY at a time: nothing to shed.
        pool: unpooled,
        ownerId,
        kind: 'service_photo',
        data: await renderDemoPhoto(photo),
        fileName: photo.name,
      });
      idByName.set(photo.name, upload.id);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  const byCategory = new Map<string, string[]>();
  for (const photo of photos) byCategory.set(photo.category, [...(byCategory.get(photo.category) ?? []), idByName.get(photo.name)!]);
  return { byCategory, uploadIds: [...idByName.values()] };
}

/** FNV-1a: a stable number per slug, so each service keeps its pictures from run to run. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/**
 * Gives each demo service 1 to 3 of its category's pictures. Only links to the demo
 * pictures are touched: photos a provider added to a demo service stay.
 * Returns how many demo photos the services have.
 */
export async function attachDemoPhotos({
  db,
  services,
  photos,
}: {
  db: Db;
  services: { id: string; slug: string; category: string }[];
  photos: { byCategory: Map<string, string[]>; uploadIds: string[] };
}): Promise<number> {
  const wanted = services.flatMap((service) => {
    const pictures = photos.byCategory.get(topCategoryOf.get(service.category) ?? '') ?? [];
    if (pictures.length === 0) return [];
    const hash = hashOf(service.slug);
    const count = Math.min(pictures.length, 1 + (hash % 3));
    return Array.from({ length: count }, (_, position) => ({
      serviceId: service.id,
      uploadId: pictures[(Math.floor(hash / 3) + position) % pictures.length]!,
      position,
    }));
  });
  const linkKey = (link: { serviceId: string; uploadId: string; position: number }) =>
    `${link.serviceId} ${link.uploadId} ${link.position}`;
  const wantedKeys = new Set(wanted.map(linkKey));
  const existing = await db.servicePhoto.findMany({
    where: { serviceId: { in: services.map((s) => s.id) }, uploadId: { in: photos.uploadIds } },
  });
  const existingKeys = new Set(existing.map(linkKey));
  const stale = existing.filter((link) => !wantedKeys.has(linkKey(link)));
  const added = wanted.filter((link) => !existingKeys.has(linkKey(link)));
  if (stale.length || added.length) {
    await db.$transaction([
      ...stale.map(({ serviceId, uploadId }) => db.servicePhoto.delete({ where: { serviceId_uploadId: { serviceId, uploadId } } })),
      db.servicePhoto.createMany({ data: added }),
    ]);
  }
  return wanted.length;
}
