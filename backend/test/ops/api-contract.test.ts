import { connect } from 'node:net';
import { findForbiddenText } from '@khadamat/contracts';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { createDb } from '../../src/platform/db/client';
import { completeRouteContract } from '../../src/platform/http/api-contract';
import { createRedis } from '../../src/platform/redis/redis';
import { adminWithSecondFactor, as, uniqueIdentity } from '../support/accounts';
import { createTestApp, createTestDatabase, testConfig, type TestApp } from '../support/test-app';

const validationFailed = (res: { statusCode: number; json: () => { error: { code: string } } }) => [res.statusCode, res.json().error.code];

describe('inputs the contract refuses: control characters anywhere, empty ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a null byte or another control character in a path parameter with 400 VALIDATION_FAILED, never a 500', async () => {
    for (const url of ['/api/providers/%00', '/api/services/%00', '/api/services/a%01b', '/api/services/%7F', '/files/%00']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect([url, ...validationFailed(res)]).toEqual([url, 400, 'VALIDATION_FAILED']);
    }
  });

  it('refuses them in a JSON body, naming the field, nested or not, and in object keys', async () => {
    const identity = uniqueIdentity();
    const signUp = { role: 'client', name: 'Amina', ...identity, password: 'correct horse battery' };
    for (const [payload, path] of [
      [{ ...signUp, name: 'Amina\u0000Test' }, '/name'],
      [{ ...signUp, name: 'Amina\u001b[31m' }, '/name'],
      [{ ...signUp, name: 'Amina\u0085' }, '/name'],
      [{ ...signUp, name: 'Amina\ud800' }, '/name'],
      [{ ...signUp, password: 'correct horse\u0000battery' }, '/password'],
      [{ ...signUp, 'extra\u0000': true }, '/extra\u0000'],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-up', payload });
      expect(validationFailed(res)).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.json().error.details).toEqual([{ path, message: expect.stringContaining('control characters') }]);
    }
    expect(await t.db.user.count({ where: { email: identity.email } })).toBe(0);
  });

  it('refuses an empty id where an id or null is expected (it reached the database as a foreign key)', async () => {
    const admin = await adminWithSecondFactor(t, { email: 'contract-admin@example.test' });
    const name = { fr: 'Essai', ar: 'تجربة', en: 'Test' };
    for (const [url, payload] of [
      ['/api/admin/categories', { slug: 'empty-parent', parentId: '', name }],
      ['/api/admin/categories/order', { parentId: '', ids: ['x'] }],
    ] as const) {
      const res = await as(t, admin)({ method: 'POST', url, payload });
      expect([url, ...validationFailed(res)]).toEqual([url, 400, 'VALIDATION_FAILED']);
    }
  });

  it('refuses them in a query string', async () => {
    for (const url of ['/api/search/services?q=%00', '/api/search/services?city=rabat%7F', '/api/search/suggestions?q=plomb%C2%85']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect([url, ...validationFailed(res)]).toEqual([url, 400, 'VALIDATION_FAILED']);
    }
  });

  it('keeps tab and line breaks, Arabic direction marks, joiners and emoji', async () => {
    for (const q of ['fuite\tévier', 'ligne\r\nsuivante', 'إصلاح\u200f', '👩‍🔧 plombier']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/search/services?q=${encodeURIComponent(q)}` });
      expect([q, res.statusCode]).toEqual([q, 200]);
    }
  });

  it('finds the path of the first forbidden string, keys included, without recursion', () => {
    expect(findForbiddenText({ a: ['ok', { b: 'x\u0000' }] })).toEqual(['a', 1, 'b']);
    expect(findForbiddenText({ ['k\u0001']: 1 })).toEqual(['k\u0001']);
    expect(findForbiddenText({ a: 'tab\tline\nreturn\r', b: '😀', c: 'عربي\u200f' })).toBeNull();
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findForbiddenText(deep)).toHaveLength(100_000);
  });
});

describe('every error in the standard shape', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers a malformed URL with 400 INVALID_URL, the request id and the security headers', async () => {
    for (const url of ['/api/services/%E0%A4%A', '/api/%', '/api/providers/%ZZ']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect([url, res.statusCode]).toEqual([url, 400]);
      expect(res.json()).toEqual({
        error: { code: 'INVALID_URL', message: expect.any(String), requestId: res.headers['x-request-id'] },
      });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers an over-long path parameter with 400 VALIDATION_FAILED, whatever its length', async () => {
    for (const length of [81, 150, 250, 5_000]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/services/${'a'.repeat(length)}` });
      expect([length, ...validationFailed(res)]).toEqual([length, 400, 'VALIDATION_FAILED']);
      expect(res.json().error.requestId).toBe(res.headers['x-request-id']);
    }
  });

  it('answers what is not HTTP in the standard shape too', async () => {
    const address = await listening(t);
    const answer = await rawExchange(address, 'NOT-HTTP\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({ error: { code: 'BAD_REQUEST', message: 'The request is not valid HTTP', requestId: expect.any(String) } });
  });
});

describe('shutting down', () => {
  it('answers a request that arrives while closing with 503 in the standard shape', async () => {
    const database = await createTestDatabase();
    const config = testConfig(database.url);
    const { db, provider } = createDb({ databaseUrl: config.database.url });
    const redis = createRedis(config);
    const app = await buildApp({ config, db, dbProvider: provider, redis, logger: false });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    app.get('/slow', async () => {
      await gate;
      return { done: true };
    });
    const address = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
    const socket = connect(Number(address.port), address.hostname);
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    const ended = new Promise((resolve) => socket.on('close', resolve));
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closing = app.close();
    // On the connection still busy with /slow: answered once /slow is, while closing.
    socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await closing;
    await ended;
    const answers = received.split(/(?=HTTP\/1\.1 )/);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 200 /);
    expect(answers[1]).toMatch(/^HTTP\/1\.1 503 /);
    const body = JSON.parse(answers[1]!.slice(answers[1]!.indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({ error: { code: 'SHUTTING_DOWN', message: expect.any(String), requestId: expect.any(String) } });
    await db.$disconnect();
    redis.disconnect();
    await database.drop();
  });
});

describe('the OpenAPI document', () => {
  let t: TestApp;
  type Doc = {
    paths: Record<
      string,
      Record<string, Record<string, unknown> & { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
    >;
    components: { schemas: Record<string, unknown> };
  };
  let doc: Doc;
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
  });
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method, path, op })));

  it('defines every schema it refers to, and only those', () => {
    const text = JSON.stringify(doc);
    const referred = new Set([...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]));
    expect([...referred].sort()).toEqual(Object.keys(doc.components.schemas).sort());
    expect(referred).toContain('CategoryNode');
  });

  it('declares as nullable what the API sends as null', () => {
    type Schema = { properties: Record<string, Schema & { nullable?: boolean }>; items: Schema };
    const result = doc.paths['/api/search/services']!.get!.responses['200']!.content!['application/json']!.schema as Schema;
    const card = result.properties['results']!.items;
    expect(card.properties['distanceKm']!.nullable).toBe(true);
    expect(card.properties['publishedAt']!.nullable).toBe(true);
  });

  it('declares on every operation the statuses the platform answers, with the ApiError body', () => {
    for (const { method, path, op } of operations()) {
      const statuses = Object.keys(op.responses);
      const where = `${method.toUpperCase()} ${path}`;
      expect([where, typeof op.summary, typeof op.operationId]).toEqual([where, 'string', 'string']);
      expect([where, statuses]).toEqual([where, expect.arrayContaining(['500', '503'])]);
      if (op.parameters || op.requestBody) expect([where, statuses]).toEqual([where, expect.arrayContaining(['400'])]);
      if ((op.security as unknown[]).length > 0) expect([where, statuses]).toEqual([where, expect.arrayContaining(['401'])]);
      if (path.startsWith('/api/') && method !== 'get') expect([where, statuses]).toEqual([where, expect.arrayContaining(['403'])]);
      if (path.includes('{')) expect([where, statuses]).toEqual([where, expect.arrayContaining(['404'])]);
      if (['post', 'patch', 'delete'].includes(method)) expect([where, statuses]).toEqual([where, expect.arrayContaining(['413', '415'])]);
      if (path.startsWith('/api/')) expect([where, statuses]).toEqual([where, expect.arrayContaining(['429'])]);
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400 || `${where} ${status}` === 'GET /health/ready 503') continue;
        expect([where, status, response.content]).toEqual([
          where,
          status,
          { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
        ]);
      }
    }
  });

  it('refuses at start-up a route whose path parameters have no schema (they would skip validation)', async () => {
    const app = Fastify();
    app.addHook('onRoute', completeRouteContract);
    expect(() => app.get('/things/:id', async () => ({}))).toThrow(/declare a params schema/);
    await app.close();
  });
});

async function listening(t: TestApp): Promise<URL> {
  return new URL(await t.app.listen({ host: '127.0.0.1', port: 0 }));
}

function rawExchange(address: URL, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(address.port), address.hostname, () => socket.write(data));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}
