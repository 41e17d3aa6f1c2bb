import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Audit from '../../src/modules/audit/audit.service';
import { seedDatabase } from '../../src/seed/seed.service';
import { as, markKycVerified, signUp } from '../support/accounts';
import { createTestApp, type TestApp } from '../support/test-app';
import { signInAdmin } from '../uploads/upload-helpers';

// Fault injection: the audit insert fails for one action. A catalogue change is one
// transaction with its audit event and its search text, so nothing of it is left behind.
const faults = vi.hoisted(() => ({ auditAction: null as string | null }));

vi.mock('../../src/modules/audit/audit.service', async (importOriginal) => {
  const actual = await importOriginal<typeof Audit>();
  return {
    ...actual,
    recordAudit: async (input: Parameters<typeof actual.recordAudit>[0]) => {
      if (faults.auditAction === input.action) throw new Error(`injected: audit of ${input.action} failed`);
      return actual.recordAudit(input);
    },
  };
});

describe('catalogue writes are whole or absent', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDatabase({ db: t.db, demo: false });
  });
  afterAll(() => t.close());
  afterEach(() => {
    faults.auditAction = null;
  });

  it('a service whose audit event fails is not created, published or changed; the same request then works', async () => {
    const provider = await signUp(t, { role: 'provider' });
    await t.db.user.update({ where: { id: provider.userId }, data: { phoneVerifiedAt: new Date() } });
    await markKycVerified(t, provider.userId);
    const category = await t.db.category.findFirstOrThrow({ where: { parentId: { not: null } } });
    const city = await t.db.city.findFirstOrThrow();
    const payload = {
      title: 'Plomberie atomique',
      categoryId: category.id,
      cityId: city.id,
      priceModel: 'fixed',
      priceMinor: 20_000,
      durationMinutes: 60,
    };
    const call = as(t, provider);

    faults.auditAction = 'service.created';
    expect((await call({ method: 'POST', url: '/api/me/services', payload })).statusCode).toBe(500);
    expect(await t.db.service.count({ where: { title: payload.title } })).toBe(0);
    faults.auditAction = null;
    const created = await call({ method: 'POST', url: '/api/me/services', payload });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(await t.db.auditLog.count({ where: { action: 'service.created', subjectId: id } })).toBe(1);

    faults.auditAction = 'service.published';
    expect((await call({ method: 'POST', url: `/api/me/services/${id}/publish` })).statusCode).toBe(500);
    expect(await t.db.service.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'draft', listed: false, publishedAt: null });
    faults.auditAction = null;
    expect((await call({ method: 'POST', url: `/api/me/services/${id}/publish` })).statusCode).toBe(200);
    expect(await t.db.service.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'published', listed: true });

    faults.auditAction = 'service.updated';
    expect((await call({ method: 'PATCH', url: `/api/me/services/${id}`, payload: { title: 'Titre perdu' } })).statusCode).toBe(500);
    const row = await t.db.service.findUniqueOrThrow({ where: { id } });
    expect(row.title).toBe(payload.title);
    expect(row.searchText).not.toContain('perdu');
  });

  it('a category whose audit event fails is neither created nor renamed', async () => {
    const admin = await signInAdmin(t);
    const call = as(t, admin);
    const body = { slug: 'atomic-category', name: { fr: 'Catégorie', ar: 'فئة', en: 'Category' } };

    faults.auditAction = 'admin.category_created';
    expect((await call({ method: 'POST', url: '/api/admin/categories', payload: body })).statusCode).toBe(500);
    expect(await t.db.category.count({ where: { slug: body.slug } })).toBe(0);
    faults.auditAction = null;
    const created = await call({ method: 'POST', url: '/api/admin/categories', payload: body });
    expect(created.statusCode).toBe(201);

    faults.auditAction = 'admin.category_updated';
    const renamed = await call({
      method: 'PATCH',
      url: `/api/admin/categories/${created.json().id}`,
      payload: { name: { fr: 'Renommée', ar: 'فئة', en: 'Category' } },
    });
    expect(renamed.statusCode).toBe(500);
    expect((await t.db.category.findUniqueOrThrow({ where: { slug: body.slug } })).nameFr).toBe('Catégorie');
  });
});
