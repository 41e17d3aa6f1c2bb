import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob, JOB_STATUS } from '../../src/platform/jobs/jobs';
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

  it('shows the job table: due work by channel, how late the oldest is, and the dead letter', async () => {
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await enqueueJob({ db: t.db, job: { kind: 'test.due', payload: {} }, runAt: anHourAgo });
    await enqueueJob({ db: t.db, job: { kind: 'test.due', payload: {} } });
    await enqueueJob({ db: t.db, job: { kind: 'test.later', payload: {} }, runAt: new Date(Date.now() + 3_600_000) });
    await t.db.outboxMessage.create({
      data: { channel: 'sms', recipient: '+212600000000', template: 'phone-code', locale: 'fr', payload: '{}', status: JOB_STATUS.dead },
    });
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.body).toMatch(/^jobs_due\{channel="job"\} 2$/m);
    expect(res.body).toMatch(/^jobs_due\{channel="sms"\} 0$/m);
    expect(res.body).toMatch(/^jobs_dead\{channel="sms"\} 1$/m);
    expect(res.body).toMatch(/^jobs_dead\{channel="job"\} 0$/m);
    const oldest = Number(/^jobs_oldest_due_seconds (\S+)$/m.exec(res.body)?.[1]);
    expect(oldest).toBeGreaterThanOrEqual(3600);
    expect(oldest).toBeLessThan(3600 + 600);
    await t.db.outboxMessage.deleteMany();
  });

  it('exposes what the alert rules read: dependency states, webhook failures', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
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
