import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';

const TOKEN = 'metrics-token-for-tests-0123456789';

describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: TOKEN });
  });
  afterAll(() => t.close());

  it('refuses anonymous callers and wrong tokens', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHORIZED');
    const wrong = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
  });

  it('serves Prometheus text with per-route counts and latency histograms', async () => {
    await t.app.inject({ method: 'GET', url: '/api/categories' });
    await t.app.inject({ method: 'GET', url: '/api/categories' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/http_requests_total\{method="GET",route="\/api\/categories",status_code="200"\} 2/);
    expect(res.body).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/categories",status_code="200"}');
    expect(res.body).toContain('process_resident_memory_bytes');
  });

  it('exposes what the alert rules read: outbox depth and dead letters, dependency states, webhook failures', async () => {
    const row = { channel: 'email', recipient: 'x@example.test', template: 'verify-email', locale: 'fr', payload: '{}' };
    await t.db.outboxMessage.create({ data: { ...row, status: 'failed' } });
    await t.db.outboxMessage.create({ data: { ...row, nextAttemptAt: new Date(Date.now() - 120_000) } });
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.body).toMatch(/^outbox_failed 1$/m);
    expect(res.body).toMatch(/^outbox_pending [1-9]\d*$/m);
    expect(Number(/^outbox_oldest_pending_age_seconds (\S+)$/m.exec(res.body)?.[1])).toBeGreaterThanOrEqual(119);
    expect(res.body).toContain('dependency_up{dependency="database"} 1');
    expect(res.body).toContain('dependency_up{dependency="redis"} 1');
    expect(res.body).not.toContain('dependency_up{dependency="clamav"}');
    expect(res.body).toContain('# TYPE webhook_failures_total counter');
  });

  it('labels unknown URLs by a fixed name, not by the raw path', async () => {
    await t.app.inject({ method: 'GET', url: '/api/random-12345' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.body).not.toContain('random-12345');
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  it('does not exist', async () => {
    const t = await createTestApp();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});
