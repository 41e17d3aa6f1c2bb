import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';

describe('API skeleton', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '2048', FRONTEND_URL: 'http://web.example.test' });
  });
  afterAll(() => t.close());

  it('answers liveness', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('unknown routes get the error shape with a stable code and the request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    const body = res.json();
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
  });

  it('keeps a well-formed incoming request id and replaces a malformed one', async () => {
    const kept = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'proxy-req-12345678' } });
    expect(kept.headers['x-request-id']).toBe('proxy-req-12345678');
    const replaced = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'bad id <script>' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a body over the limit with 413, and bad JSON with 400, never a 500', async () => {
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/categories',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ x: 'a'.repeat(4096) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/categories',
      headers: { 'content-type': 'application/json' },
      payload: '{"x":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_JSON');
  });

  it('sends security headers, without HSTS when HSTS_ENABLED is off', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('allows CORS from FRONTEND_URL only', async () => {
    const allowed = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/categories',
      headers: { origin: 'http://web.example.test', 'access-control-request-method': 'GET' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://web.example.test');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const denied = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/categories',
      headers: { origin: 'http://evil.example.test', 'access-control-request-method': 'GET' },
    });
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the OpenAPI document and its UI outside production', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().paths).toHaveProperty('/api/categories');
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('keeps smoke helper routes when SMOKE_ROUTES_ENABLE is true (the local default)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/smoke/status' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ smokeRoutes: true, nodeEnv: 'test' });
  });
});

describe('API skeleton with HSTS, a trusted proxy and no smoke routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ HSTS_ENABLED: 'true', SMOKE_ROUTES_ENABLE: 'false', TRUST_PROXY: '1' });
  });
  afterAll(() => t.close());

  it('sends HSTS', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
  });

  it('answers 404 on smoke routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/smoke/status' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});
