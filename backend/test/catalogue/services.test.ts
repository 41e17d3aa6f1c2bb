import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/modules/accounts/passwords';
import { seedDatabase } from '../../src/seed/seed.service';
import { as, sessionCookie, signUp, type TestSession, markKycVerified } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';

async function verifiedProvider(t: TestApp): Promise<TestSession> {
  const provider = await signUp(t, { role: 'provider' });
  await t.db.user.update({ where: { id: provider.userId }, data: { emailVerifiedAt: new Date(), phoneVerifiedAt: new Date() } });
  await markKycVerified(t, provider.userId);
  return provider;
}

describe('services owned by providers', () => {
  let t: TestApp;
  let categoryId: string;
  let cityId: string;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDatabase({ db: t.db, demo: false });
    categoryId = (await t.db.category.findUniqueOrThrow({ where: { slug: 'leak-repair' } })).id;
    cityId = (await t.db.city.findUniqueOrThrow({ where: { slug: 'rabat' } })).id;
  });
  afterAll(() => t.close());

  const input = (overrides: Record<string, unknown> = {}) => ({
    categoryId,
    cityId,
    title: 'Réparation de fuite',
    description: 'Sous évier et salle de bains',
    priceModel: 'fixed',
    priceMinor: 25_000,
    durationMinutes: 60,
    translations: { ar: { title: 'إصلاح التسربات', description: '' } },
    ...overrides,
  });

  it('creates a draft, invisible to others until published, then hidden again when paused', async () => {
    const provider = await verifiedProvider(t);
    const created = await as(t, provider)({ method: 'POST', url: '/api/me/services', payload: input() });
    expect(created.statusCode).toBe(201);
    const service = created.json();
    expect(service).toMatchObject({
      status: 'draft',
      currency: 'MAD',
      priceMinor: 25_000,
      city: { slug: 'rabat' },
      latitude: 34.0209,
      publishedAt: null,
    });
    expect(service.translations.ar.title).toBe('إصلاح التسربات');
    expect(service.slug).toMatch(/^reparation-de-fuite-[0-9a-f]{6}$/);
    expect((await t.app.inject({ method: 'GET', url: `/api/services/${service.slug}` })).statusCode).toBe(404);

    const published = await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/publish` });
    expect(published.json()).toMatchObject({ status: 'published' });
    expect(published.json().publishedAt).not.toBeNull();
    const visible = await t.app.inject({ method: 'GET', url: `/api/services/${service.slug}` });
    expect(visible.statusCode).toBe(200);
    expect(visible.json().provider.name).toBe('Amina Test');

    await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/pause` });
    // Withdrawn after being shown: gone for good (410), so search engines drop the page.
    const paused = await t.app.inject({ method: 'GET', url: `/api/services/${service.slug}` });
    expect([paused.statusCode, paused.json().error.code]).toEqual([410, 'GONE']);
    const mine = await as(t, provider)({ method: 'GET', url: '/api/me/services' });
    expect(mine.json().services.map((s: { id: string }) => s.id)).toEqual([service.id]);
  });

  it('shows nothing of a provider whose email or phone is not verified', async () => {
    const provider = await signUp(t, { role: 'provider' });
    const service = (await as(t, provider)({ method: 'POST', url: '/api/me/services', payload: input() })).json();
    await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/publish` });
    expect((await t.app.inject({ method: 'GET', url: `/api/services/${service.slug}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/providers/${service.provider.id}` })).statusCode).toBe(404);
  });

  it('lets only the owner change a service; others get 404', async () => {
    const owner = await verifiedProvider(t);
    const other = await verifiedProvider(t);
    const service = (await as(t, owner)({ method: 'POST', url: '/api/me/services', payload: input() })).json();
    const edit = await as(t, other)({ method: 'PATCH', url: `/api/me/services/${service.id}`, payload: { title: 'Pirated title' } });
    expect([edit.statusCode, edit.json().error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await as(t, other)({ method: 'POST', url: `/api/me/services/${service.id}/publish` })).statusCode).toBe(404);
    const mine = await as(
      t,
      owner,
    )({ method: 'PATCH', url: `/api/me/services/${service.id}`, payload: { title: 'Fuite réparée vite', priceModel: 'quote' } });
    expect(mine.json()).toMatchObject({ title: 'Fuite réparée vite', priceModel: 'quote', priceMinor: 0 });
  });

  it('refuses clients and bad input with stable codes', async () => {
    const client = await signUp(t);
    expect((await as(t, client)({ method: 'POST', url: '/api/me/services', payload: input() })).statusCode).toBe(403);
    const provider = await verifiedProvider(t);
    const cases: [Record<string, unknown>, number, string][] = [
      [input({ priceMinor: 0 }), 400, 'VALIDATION_FAILED'],
      [input({ priceMinor: 12.5 }), 400, 'VALIDATION_FAILED'],
      [input({ durationMinutes: 5 }), 400, 'VALIDATION_FAILED'],
      [input({ latitude: 33.5 }), 400, 'VALIDATION_FAILED'],
      [input({ categoryId: 'nope' }), 400, 'CATEGORY_NOT_FOUND'],
      [input({ cityId: 'nope' }), 400, 'CITY_NOT_FOUND'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await as(t, provider)({ method: 'POST', url: '/api/me/services', payload });
      expect([res.statusCode, res.json().error.code], JSON.stringify(payload)).toEqual([status, code]);
    }
  });

  it('hides services of a hidden category (and of its sub-categories)', async () => {
    const provider = await verifiedProvider(t);
    const service = (await as(t, provider)({ method: 'POST', url: '/api/me/services', payload: input() })).json();
    await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/publish` });
    await t.db.category.update({ where: { slug: 'plumbing' }, data: { hidden: true } });
    try {
      expect((await t.app.inject({ method: 'GET', url: `/api/services/${service.slug}` })).statusCode).toBe(404);
    } finally {
      await t.db.category.update({ where: { slug: 'plumbing' }, data: { hidden: false } });
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/services/${service.slug}` })).statusCode).toBe(200);
  });

  it('attaches the provider own service photos only', async () => {
    const provider = await verifiedProvider(t);
    const other = await verifiedProvider(t);
    const service = (await as(t, provider)({ method: 'POST', url: '/api/me/services', payload: input() })).json();
    const upload = (ownerId: string, key: string) =>
      t.db.upload.create({
        data: {
          ownerId,
          kind: 'service_photo',
          visibility: 'public',
          mimeType: 'image/webp',
          sizeBytes: 10,
          sha256: key,
          storageKey: `${key}.webp`,
          variants: JSON.stringify({ '320w': `${key}-320.webp` }),
        },
      });
    const mine = await upload(provider.userId, `k-${service.id}`);
    const theirs = await upload(other.userId, `o-${service.id}`);
    // Search shows the photos as they change (its cached answers and views follow).
    await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/publish` });
    const photosInSearch = async () =>
      (await t.app.inject({ method: 'GET', url: `/api/search/services?q=${encodeURIComponent(service.title)}` }))
        .json()
        .results.find((r: { id: string }) => r.id === service.id).photos.length;
    expect(await photosInSearch()).toBe(0);
    const added = await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/photos`, payload: { uploadId: mine.id } });
    expect(await photosInSearch()).toBe(1);
    expect(added.json().photos).toEqual([
      {
        id: mine.id,
        url: `/files/${mine.storageKey}`,
        variants: { '320w': `/files/k-${service.id}-320.webp` },
        // The original's size, for the pages to reserve the photo's space.
        width: mine.width,
        height: mine.height,
      },
    ]);
    const stolen = await as(
      t,
      provider,
    )({ method: 'POST', url: `/api/me/services/${service.id}/photos`, payload: { uploadId: theirs.id } });
    expect(stolen.json().error.code).toBe('UPLOAD_NOT_FOUND');
    const removed = await as(t, provider)({ method: 'DELETE', url: `/api/me/services/${service.id}/photos/${mine.id}` });
    expect(removed.json().photos).toEqual([]);
    expect(await photosInSearch()).toBe(0);
  });

  it('tells the owner whether others can see each service: published, seller verified, category shown', async () => {
    const provider = await verifiedProvider(t);
    const call = as(t, provider);
    const created = (await call({ method: 'POST', url: '/api/me/services', payload: input() })).json();
    expect(created).toMatchObject({ status: 'draft', visible: false });
    const published = await call({ method: 'POST', url: `/api/me/services/${created.id}/publish` });
    expect(published.json()).toMatchObject({ status: 'published', visible: true });
    const mine = async () =>
      (await call({ method: 'GET', url: '/api/me/services' })).json().services.find((s: { id: string }) => s.id === created.id);
    expect(await mine()).toMatchObject({ visible: true });
    const edited = await call({ method: 'PATCH', url: `/api/me/services/${created.id}`, payload: { title: 'Fuite réparée' } });
    expect(edited.json()).toMatchObject({ title: 'Fuite réparée', visible: true });

    await t.db.category.update({ where: { slug: 'plumbing' }, data: { hidden: true } });
    try {
      expect(await mine()).toMatchObject({ status: 'published', visible: false });
    } finally {
      await t.db.category.update({ where: { slug: 'plumbing' }, data: { hidden: false } });
    }

    const paused = await call({ method: 'POST', url: `/api/me/services/${created.id}/pause` });
    expect(paused.json()).toMatchObject({ status: 'paused', visible: false });
    expect(await mine()).toMatchObject({ visible: false });
  });

  it('lets a provider whose email or phone is not verified publish, invisible to others, and says so', async () => {
    const provider = await signUp(t, { role: 'provider' }, { verifyEmail: false });
    await markKycVerified(t, provider.userId);
    const call = as(t, provider);
    const created = (await call({ method: 'POST', url: '/api/me/services', payload: input() })).json();
    const published = await call({ method: 'POST', url: `/api/me/services/${created.id}/publish` });
    expect(published.json()).toMatchObject({ status: 'published', visible: false });
    const list = (await call({ method: 'GET', url: '/api/me/services' })).json().services;
    expect(list).toEqual([expect.objectContaining({ id: created.id, status: 'published', visible: false })]);

    // Email verified, phone not yet: still invisible
    await t.db.user.update({ where: { id: provider.userId }, data: { emailVerifiedAt: new Date() } });
    expect((await call({ method: 'GET', url: '/api/me/services' })).json().services[0].visible).toBe(false);
    await t.db.user.update({ where: { id: provider.userId }, data: { phoneVerifiedAt: new Date() } });
    expect((await call({ method: 'GET', url: '/api/me/services' })).json().services[0].visible).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/api/services/${created.slug}` })).statusCode).toBe(200);
  });

  it('edits every field of the form, translations included, and the public page follows', async () => {
    const provider = await verifiedProvider(t);
    const call = as(t, provider);
    const created = (await call({ method: 'POST', url: '/api/me/services', payload: input() })).json();
    await call({ method: 'POST', url: `/api/me/services/${created.id}/publish` });
    const casablanca = (await t.db.city.findUniqueOrThrow({ where: { slug: 'casablanca' } })).id;
    const changes = {
      title: 'Recherche de fuite',
      description: 'Caméra thermique',
      translations: {
        ar: { title: 'البحث عن التسربات', description: 'كاميرا حرارية' },
        en: { title: 'Leak detection', description: 'Thermal camera' },
      },
      priceModel: 'hourly',
      priceMinor: 12_050,
      currency: 'EUR',
      durationMinutes: 120,
      cityId: casablanca,
      radiusKm: 30,
    };
    const edited = await call({ method: 'PATCH', url: `/api/me/services/${created.id}`, payload: changes });
    expect(edited.statusCode).toBe(200);
    const { cityId, ...shown } = changes;
    expect(edited.json()).toMatchObject({ ...shown, city: { id: cityId, slug: 'casablanca' }, slug: created.slug, visible: true });
    const page = (await t.app.inject({ method: 'GET', url: `/api/services/${created.slug}` })).json();
    expect(page).toMatchObject({ title: 'Recherche de fuite', translations: changes.translations, currency: 'EUR', radiusKm: 30 });
    expect(page).not.toHaveProperty('visible');
  });

  it('lets only the owner edit a service, remove its photos or see it in their list: other providers 404, clients 403, anonymous 401', async () => {
    const owner = await verifiedProvider(t);
    const other = await verifiedProvider(t);
    const client = await signUp(t);
    const service = (await as(t, owner)({ method: 'POST', url: '/api/me/services', payload: input() })).json();
    const photo = await t.db.upload.create({
      data: {
        ownerId: owner.userId,
        kind: 'service_photo',
        visibility: 'public',
        mimeType: 'image/webp',
        sizeBytes: 10,
        sha256: `p-${service.id}`,
        storageKey: `p-${service.id}.webp`,
        variants: '{}',
      },
    });
    await as(t, owner)({ method: 'POST', url: `/api/me/services/${service.id}/photos`, payload: { uploadId: photo.id } });
    const routes = [
      { method: 'PATCH' as const, url: `/api/me/services/${service.id}`, payload: { title: 'Titre piraté' } },
      { method: 'DELETE' as const, url: `/api/me/services/${service.id}/photos/${photo.id}` },
    ];
    for (const route of routes) {
      const anonymous = await t.app.inject(route);
      expect([anonymous.statusCode, anonymous.json().error.code], route.method).toEqual([401, 'UNAUTHENTICATED']);
      expect((await as(t, client)(route)).statusCode, route.method).toBe(403);
      const stranger = await as(t, other)(route);
      expect([stranger.statusCode, stranger.json().error.code], route.method).toEqual([404, 'NOT_FOUND']);
    }
    // The other routes whose answers now carry `visible`: the same rule
    for (const route of [
      { method: 'POST' as const, url: `/api/me/services/${service.id}/publish` },
      { method: 'POST' as const, url: `/api/me/services/${service.id}/pause` },
      { method: 'POST' as const, url: `/api/me/services/${service.id}/photos`, payload: { uploadId: photo.id } },
    ]) {
      expect((await t.app.inject(route)).statusCode, route.url).toBe(401);
      expect((await as(t, client)(route)).statusCode, route.url).toBe(403);
      expect((await as(t, other)(route)).statusCode, route.url).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/me/services' })).statusCode).toBe(401);
    expect((await as(t, client)({ method: 'GET', url: '/api/me/services' })).statusCode).toBe(403);
    expect((await as(t, other)({ method: 'GET', url: '/api/me/services' })).json().services).toEqual([]);
    const unchanged = (await as(t, owner)({ method: 'GET', url: '/api/me/services' })).json().services[0];
    expect(unchanged).toMatchObject({ title: 'Réparation de fuite', photos: [{ id: photo.id }] });

    for (const route of routes) expect((await as(t, owner)(route)).statusCode, route.method).toBe(200);
    const after = (await as(t, owner)({ method: 'GET', url: '/api/me/services' })).json().services[0];
    expect(after).toMatchObject({ title: 'Titre piraté', photos: [] });
    // Removing it again: the photo is gone
    const again = await as(t, owner)(routes[1]!);
    expect([again.statusCode, again.json().error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('shows a provider public profile with its published services and an empty rating', async () => {
    const provider = await verifiedProvider(t);
    const service = (await as(t, provider)({ method: 'POST', url: '/api/me/services', payload: input() })).json();
    await as(t, provider)({ method: 'POST', url: `/api/me/services/${service.id}/publish` });
    const draft = (await as(t, provider)({ method: 'POST', url: '/api/me/services', payload: input({ title: 'Brouillon caché' }) })).json();
    const res = await t.app.inject({ method: 'GET', url: `/api/providers/${service.provider.id}` });
    expect(res.statusCode).toBe(200);
    const profile = res.json();
    expect(profile.services.map((s: { id: string }) => s.id)).toEqual([service.id]);
    expect(profile.services.map((s: { id: string }) => s.id)).not.toContain(draft.id);
    expect(profile).toMatchObject({ name: 'Amina Test', rating: { average: null, count: 0 }, cities: [{ slug: 'rabat' }] });
  });
});

describe('admin category management', () => {
  let t: TestApp;
  let admin: { cookie: string; csrf: string };
  beforeAll(async () => {
    t = await createTestApp();
    await seedDatabase({ db: t.db, demo: false });
    const user = await t.db.user.create({
      data: {
        email: 'cat-admin@example.test',
        name: 'Ops',
        role: 'admin',
        passwordHash: await hashPassword('category admin pass'),
        totpEnabledAt: new Date(),
      },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: user.email, password: 'category admin pass' },
    });
    admin = { cookie: sessionCookie(res), csrf: res.json().csrfToken };
    // The second factor is tested in accounts; here the session has passed it.
    await t.db.session.updateMany({ where: { userId: user.id }, data: { mfaAt: new Date() } });
  });
  afterAll(() => t.close());

  it('creates, edits, reorders and hides categories, with an audit trail', async () => {
    const call = as(t, admin);
    const parent = (await t.db.category.findUniqueOrThrow({ where: { slug: 'cleaning' } })).id;
    const created = await call({
      method: 'POST',
      url: '/api/admin/categories',
      payload: { slug: 'window-cleaning', parentId: parent, name: { fr: 'Vitres', ar: 'تنظيف النوافذ', en: 'Windows' }, icon: '🪟' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(
      (
        await call({
          method: 'POST',
          url: '/api/admin/categories',
          payload: { slug: 'window-cleaning', name: { fr: 'a', ar: 'b', en: 'c' } },
        })
      ).json().error.code,
    ).toBe('CATEGORY_SLUG_TAKEN');
    const tree = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/categories' }))
        .json()
        .categories.find((c: { slug: string }) => c.slug === 'cleaning');
    expect((await tree()).children.map((c: { slug: string }) => c.slug)).toContain('window-cleaning');

    const siblings = (await t.db.category.findMany({ where: { parentId: parent }, orderBy: { position: 'asc' } })).map((c) => c.id);
    const reversed = [...siblings].reverse();
    const order = await call({ method: 'POST', url: '/api/admin/categories/order', payload: { parentId: parent, ids: reversed } });
    expect(order.statusCode).toBe(200);
    expect((await tree()).children.map((c: { id: string }) => c.id)).toEqual(reversed);
    expect(
      (await call({ method: 'POST', url: '/api/admin/categories/order', payload: { parentId: parent, ids: reversed.slice(1) } })).json()
        .error.code,
    ).toBe('CATEGORY_ORDER_INVALID');

    await call({
      method: 'PATCH',
      url: `/api/admin/categories/${id}`,
      payload: { hidden: true, name: { fr: 'Vitrerie', ar: 'زجاج', en: 'Glass' } },
    });
    expect((await tree()).children.map((c: { slug: string }) => c.slug)).not.toContain('window-cleaning');
    const all = (await call({ method: 'GET', url: '/api/admin/categories' })).json().categories;
    expect(all.find((c: { id: string }) => c.id === id)).toMatchObject({ hidden: true, name: { fr: 'Vitrerie' } });

    const sub = (await t.db.category.findUniqueOrThrow({ where: { slug: 'leak-repair' } })).id;
    expect((await call({ method: 'PATCH', url: `/api/admin/categories/${id}`, payload: { parentId: sub } })).json().error.code).toBe(
      'CATEGORY_PARENT_INVALID',
    );
    expect((await t.db.auditLog.findFirst({ where: { action: 'admin.categories_reordered', subjectId: parent } }))?.detail).toContain(
      reversed[0],
    );
    const actions = (await t.db.auditLog.findMany({ where: { subjectId: id } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['admin.category_created', 'admin.category_updated']));
  });
});
