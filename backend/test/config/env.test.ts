import { describe, expect, it } from 'vitest';
import { EnvValidationError, ENV_VARIABLES, parseIpList, validateEnv, type EnvSource } from '../../src/config/env';
import { developmentDataKey } from '../../src/platform/crypto/data-keys';
import { deployedEnv } from '../support/env-fixtures';

function problemsOf(source: EnvSource): string[] {
  try {
    validateEnv(source);
    return [];
  } catch (error) {
    if (error instanceof EnvValidationError) return error.problems;
    throw error;
  }
}

const names = (problems: string[]) => problems.map((p) => p.split(':')[0]);

describe('validateEnv — local defaults', () => {
  it('runs with no variable at all on the embedded defaults', () => {
    const config = validateEnv({});
    expect(config.nodeEnv).toBe('development');
    expect(config.database).toMatchObject({ url: 'file:./dev.db', provider: 'sqlite', autoMigrate: true });
    expect(config.redis).toEqual({ url: null, mock: true, sentinels: [], sentinelName: null });
    expect(config.antivirus.enabled).toBe(false);
    expect(config.smoke.routesEnabled).toBe(true);
    expect(config.trustProxy).toBe(false);
    expect(config.hstsEnabled).toBe(false);
    expect(config.uploads.storageDir).toBe('./uploads');
    expect(config.port).toBe(3000);
  });

  it('returns a deeply frozen object', () => {
    const config = validateEnv({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
    expect(() => {
      (config.database as { url: string }).url = 'x';
    }).toThrow();
  });

  it('uses a real Redis when REDIS_URL is set', () => {
    expect(validateEnv({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({
      url: 'redis://127.0.0.1:6379',
      mock: false,
      sentinels: [],
      sentinelName: null,
    });
  });

  it('needs REDIS_URL when MOCK_REDIS is turned off', () => {
    expect(names(problemsOf({ MOCK_REDIS: 'false' }))).toEqual(['REDIS_URL']);
  });

  it('needs ClamAV settings when antivirus is turned on locally', () => {
    expect(names(problemsOf({ UPLOAD_ANTIVIRUS: 'true' }))).toEqual(['CLAMAV_HOST']);
    expect(validateEnv({ UPLOAD_ANTIVIRUS: 'true', CLAMAV_HOST: '127.0.0.1' }).antivirus).toMatchObject({ enabled: true, port: 3310 });
  });

  it('refuses a live Stripe key outside production', () => {
    expect(problemsOf({ STRIPE_SECRET_KEY: 'sk_live_x' })).toEqual(['STRIPE_SECRET_KEY: a live key is only accepted in production']);
    expect(validateEnv({ STRIPE_SECRET_KEY: 'sk_test_x' }).stripe.mode).toBe('test');
    expect(names(problemsOf({ STRIPE_SECRET_KEY: 'pk_test_x' }))).toEqual(['STRIPE_SECRET_KEY']);
  });

  it('rejects malformed values with the variable name and never its value', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://secret-value@x/y',
      ADMIN_IP_ALLOWLIST: '10.0.0.0/33',
      HSTS_ENABLED: 'maybe',
    });
    expect(names(problems).sort()).toEqual(['ADMIN_IP_ALLOWLIST', 'DATABASE_URL', 'HSTS_ENABLED', 'PORT']);
    expect(problems.join('\n')).not.toContain('secret-value');
  });

  it('parses BACKUP_SCHEDULE with the cron library the worker uses, and SHUTDOWN_DRAIN_MS per environment', () => {
    expect(validateEnv({ BACKUP_SCHEDULE: '15 2 * * 1-5' }).backup.schedule).toBe('15 2 * * 1-5');
    expect(problemsOf({ BACKUP_SCHEDULE: 'every night' })).toEqual([expect.stringMatching(/^BACKUP_SCHEDULE: must be a cron pattern/)]);
    expect(problemsOf({ BACKUP_SCHEDULE: '61 3 * * *' })).toEqual([expect.stringMatching(/^BACKUP_SCHEDULE:/)]);
    expect(validateEnv({}).shutdownDrainMs).toBe(0);
    expect(validateEnv(deployedEnv('production')).shutdownDrainMs).toBe(5000);
    expect(problemsOf({ SHUTDOWN_DRAIN_MS: '-1' })).toEqual([expect.stringMatching(/^SHUTDOWN_DRAIN_MS:/)]);
  });

  it('reaches Redis through Sentinel when REDIS_SENTINELS and REDIS_SENTINEL_NAME are set', () => {
    const config = validateEnv({ REDIS_SENTINELS: '10.0.0.5:26379, [::1]:26380', REDIS_SENTINEL_NAME: 'khadamat' });
    expect(config.redis).toMatchObject({ mock: false, url: null, sentinelName: 'khadamat' });
    expect(config.redis.sentinels).toEqual([
      { host: '10.0.0.5', port: 26379 },
      { host: '::1', port: 26380 },
    ]);
    const { REDIS_URL: _, ...withoutUrl } = deployedEnv('production');
    expect(problemsOf({ ...withoutUrl, REDIS_SENTINELS: '10.0.0.5:26379', REDIS_SENTINEL_NAME: 'khadamat' })).toEqual([]);
    expect(problemsOf(withoutUrl)).toEqual([expect.stringMatching(/^REDIS_URL: is required/)]);
    expect(problemsOf({ REDIS_SENTINELS: '10.0.0.5:26379' })).toEqual([expect.stringMatching(/^REDIS_SENTINEL_NAME: is required/)]);
    expect(problemsOf({ REDIS_SENTINELS: 'nohost', REDIS_SENTINEL_NAME: 'k' })).toEqual([
      expect.stringMatching(/^REDIS_SENTINELS: must be/),
    ]);
  });

  it('refuses an unknown NODE_ENV', () => {
    expect(problemsOf({ NODE_ENV: 'prod' })).toEqual(['NODE_ENV: must be one of development, test, staging, production']);
  });

  it('parses TRUST_PROXY as off, a proxy on the private network, or an address list', () => {
    expect(validateEnv({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(validateEnv({ TRUST_PROXY: '1' }).trustProxy).toEqual(['loopback', 'linklocal', 'uniquelocal']);
    expect(validateEnv({ TRUST_PROXY: 'true' }).trustProxy).toEqual(['loopback', 'linklocal', 'uniquelocal']);
    expect(validateEnv({ TRUST_PROXY: '10.0.0.1, fd00::/8' }).trustProxy).toEqual(['10.0.0.1', 'fd00::/8']);
    expect(names(problemsOf({ TRUST_PROXY: 'proxy.internal' }))).toEqual(['TRUST_PROXY']);
  });
});

describe('ADMIN_IP_ALLOWLIST parsing', () => {
  it('accepts IPv4, IPv6 and CIDR ranges of both', () => {
    expect(parseIpList('127.0.0.1, 10.0.0.0/8,::1, 2001:db8::/32')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', '2001:db8::/32']);
  });
  it('rejects host names and bad prefixes', () => {
    expect(parseIpList('admin.example.test')).toBeNull();
    expect(parseIpList('10.0.0.0/40')).toBeNull();
    expect(parseIpList('2001:db8::/129')).toBeNull();
  });
});

describe.each(['staging', 'production'] as const)('validateEnv — %s', (nodeEnv) => {
  it('accepts a complete environment', () => {
    const config = validateEnv(deployedEnv(nodeEnv));
    expect(config.isLocal).toBe(false);
    expect(config.database.provider).toBe('postgresql');
    expect(config.database.autoMigrate).toBe(false);
    expect(config.smoke.routesEnabled).toBe(false);
    expect(config.adminIpAllowlist).toHaveLength(3);
  });

  it('lists every missing critical variable at once, by name', () => {
    const problems = problemsOf({ NODE_ENV: nodeEnv });
    const missing = names(problems);
    for (const name of [
      'APP_BASE_URL',
      'FRONTEND_URL',
      'SESSION_SECRET',
      'DATA_ENCRYPTION_KEYS',
      'DATABASE_URL',
      'SHADOW_DATABASE_URL',
      'REDIS_URL',
      'UPLOAD_STORAGE_DIR',
      'UPLOAD_ANTIVIRUS',
      'CLAMAV_HOST',
      'CLAMAV_PORT',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'SMTP_HOST',
      'SMTP_FROM',
      'SMS_PROVIDER',
      'KYC_PROVIDER',
      'SENTRY_DSN',
      'METRICS_TOKEN',
      'TRUST_PROXY',
      'HSTS_ENABLED',
      'ADMIN_IP_ALLOWLIST',
      'BACKUP_ENABLED',
    ]) {
      expect(missing, name).toContain(name);
    }
  });

  it('refuses SQLite, MOCK_REDIS and smoke routes', () => {
    const problems = problemsOf(deployedEnv(nodeEnv, { DATABASE_URL: 'file:./dev.db', MOCK_REDIS: 'true', SMOKE_ROUTES_ENABLE: 'true' }));
    expect(names(problems).sort()).toEqual(['DATABASE_URL', 'MOCK_REDIS', 'SMOKE_ROUTES_ENABLE']);
  });

  it('refuses antivirus off, HSTS off, plain-http URLs and an allow-everything admin list', () => {
    const problems = problemsOf(
      deployedEnv(nodeEnv, {
        UPLOAD_ANTIVIRUS: 'false',
        HSTS_ENABLED: 'false',
        APP_BASE_URL: 'http://khadamat.example.test',
        ADMIN_IP_ALLOWLIST: '0.0.0.0/0',
      }),
    );
    expect(names(problems).sort()).toEqual(['ADMIN_IP_ALLOWLIST', 'APP_BASE_URL', 'HSTS_ENABLED', 'UPLOAD_ANTIVIRUS']);
  });

  it('refuses the local SMS capture and an unknown KYC provider', () => {
    const problems = problemsOf(deployedEnv(nodeEnv, { SMS_PROVIDER: 'capture', KYC_PROVIDER: 'none' }));
    expect(names(problems).sort()).toEqual(['KYC_PROVIDER', 'SMS_PROVIDER']);
  });

  it('requires every vendor key when the KYC vendor is selected', () => {
    const problems = problemsOf(
      deployedEnv(nodeEnv, { KYC_API_BASE_URL: '', KYC_API_KEY: '', KYC_API_SECRET: '', KYC_WEBHOOK_SECRET: '' }),
    );
    expect(names(problems).sort()).toEqual(['KYC_API_BASE_URL', 'KYC_API_KEY', 'KYC_API_SECRET', 'KYC_WEBHOOK_SECRET']);
  });

  it(nodeEnv === 'production' ? 'refuses manual KYC unless explicitly allowed' : 'accepts manual KYC', () => {
    const manual = { KYC_PROVIDER: 'manual', KYC_API_BASE_URL: '', KYC_API_KEY: '', KYC_API_SECRET: '', KYC_WEBHOOK_SECRET: '' };
    expect(names(problemsOf(deployedEnv(nodeEnv, manual)))).toEqual(nodeEnv === 'production' ? ['KYC_PROVIDER'] : []);
    expect(problemsOf(deployedEnv(nodeEnv, { ...manual, KYC_ALLOW_MANUAL_IN_PRODUCTION: 'true' }))).toEqual([]);
  });

  it('refuses short secrets and tokens', () => {
    const problems = problemsOf(deployedEnv(nodeEnv, { SESSION_SECRET: 'short', METRICS_TOKEN: 'short' }));
    expect(names(problems).sort()).toEqual(['METRICS_TOKEN', 'SESSION_SECRET']);
  });
});

describe('DATA_ENCRYPTION_KEYS', () => {
  const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

  it('falls back to a fixed development key locally and in tests', () => {
    const a = validateEnv({}).dataKeys;
    const b = validateEnv({ NODE_ENV: 'test', SESSION_SECRET: 'another' }).dataKeys;
    expect(a.keyIds).toEqual(['dev']);
    // The same key on every start (and whatever SESSION_SECRET says): local data stays readable.
    expect(b.open(a.seal('x', 'ctx'), 'ctx').plaintext).toBe('x');
  });

  it('reads the ring with the current key first, in standard or URL-safe base64, and keeps the keys out of JSON', () => {
    const urlSafe = Buffer.alloc(32, 0xfb).toString('base64url');
    const ring = validateEnv({ DATA_ENCRYPTION_KEYS: ` k2:${key(2)} , k1:${urlSafe}` }).dataKeys;
    expect([ring.currentKeyId, ring.keyIds]).toEqual(['k2', ['k2', 'k1']]);
    expect(JSON.stringify(validateEnv(deployedEnv('production')))).not.toContain(key(1));
  });

  it('rejects malformed entries, wrong key sizes and repeated ids by position, never showing a value', () => {
    const problems = problemsOf({
      DATA_ENCRYPTION_KEYS: `k1:${key(1)},nokey,k2:${Buffer.alloc(16, 9).toString('base64')},k1:${key(3)},bad.id:${key(4)}`,
    });
    expect(problems).toEqual([
      'DATA_ENCRYPTION_KEYS: entry 2 must be <key id>:<base64 key>',
      'DATA_ENCRYPTION_KEYS: entry 3: the key must be 32 bytes in base64 (openssl rand -base64 32)',
      'DATA_ENCRYPTION_KEYS: entry 5: the key id must be 1 to 32 letters, digits, - or _',
      'DATA_ENCRYPTION_KEYS: key ids must be unique',
    ]);
    expect(problems.join('\n')).not.toContain(key(1));
    expect(names(problemsOf({ DATA_ENCRYPTION_KEYS: 'k1:not base64!' }))).toEqual(['DATA_ENCRYPTION_KEYS']);
  });

  it.each(['staging', 'production'] as const)('is required in %s, and the development key is refused there', (nodeEnv) => {
    expect(problemsOf(deployedEnv(nodeEnv, { DATA_ENCRYPTION_KEYS: undefined }))).toEqual([
      'DATA_ENCRYPTION_KEYS: is required (<id>:<base64 32 bytes>, e.g. k1:$(openssl rand -base64 32))',
    ]);
    const devKey = developmentDataKey().key.toString('base64');
    expect(problemsOf(deployedEnv(nodeEnv, { DATA_ENCRYPTION_KEYS: `k2:${key(2)},old:${devKey}` }))).toEqual([
      'DATA_ENCRYPTION_KEYS: must not hold the development key',
    ]);
  });
});

describe('Stripe keys per environment', () => {
  it('production needs a live key; staging refuses one', () => {
    expect(problemsOf(deployedEnv('production', { STRIPE_SECRET_KEY: 'sk_test_x' }))).toEqual([
      'STRIPE_SECRET_KEY: production needs a live key (sk_live_…)',
    ]);
    expect(problemsOf(deployedEnv('staging', { STRIPE_SECRET_KEY: 'sk_live_x' }))).toEqual([
      'STRIPE_SECRET_KEY: a live key is only accepted in production',
    ]);
    expect(validateEnv(deployedEnv('production')).stripe.mode).toBe('live');
  });

  it('points the client at another Stripe server anywhere but production', () => {
    expect(validateEnv({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_API_URL: 'http://127.0.0.1:12111' }).stripe.apiUrl).toBe(
      'http://127.0.0.1:12111',
    );
    expect(validateEnv(deployedEnv('staging', { STRIPE_API_URL: 'https://stripe.internal.example' })).stripe.apiUrl).toBe(
      'https://stripe.internal.example',
    );
    expect(problemsOf(deployedEnv('production', { STRIPE_API_URL: 'https://stripe.internal.example' }))).toEqual([
      'STRIPE_API_URL: must not be set in production (payments go to Stripe itself)',
    ]);
    expect(names(problemsOf({ STRIPE_API_URL: 'ftp://x' }))).toEqual(['STRIPE_API_URL']);
  });

  it('loads Stripe.js from Stripe unless told otherwise, and only from Stripe in production', () => {
    expect(validateEnv({}).stripe.jsUrl).toBe('https://js.stripe.com/v3');
    expect(validateEnv({ STRIPE_JS_URL: 'http://127.0.0.1:12111/v3' }).stripe.jsUrl).toBe('http://127.0.0.1:12111/v3');
    expect(validateEnv(deployedEnv('production', { STRIPE_JS_URL: 'https://js.stripe.com/v3' })).stripe.jsUrl).toBe(
      'https://js.stripe.com/v3',
    );
    expect(problemsOf(deployedEnv('production', { STRIPE_JS_URL: 'https://cdn.example/stripe.js' }))).toEqual([
      'STRIPE_JS_URL: must be https://js.stripe.com/v3 in production (or unset)',
    ]);
    expect(names(problemsOf({ STRIPE_JS_URL: 'javascript:alert(1)' }))).toEqual(['STRIPE_JS_URL']);
  });

  it('takes the commission in whole basis points', () => {
    expect(validateEnv({}).payments.commissionBps).toBe(1500);
    expect(validateEnv({ PAYMENT_COMMISSION_BPS: '1200' }).payments.commissionBps).toBe(1200);
    expect(names(problemsOf({ PAYMENT_COMMISSION_BPS: '12.5' }))).toEqual(['PAYMENT_COMMISSION_BPS']);
    expect(names(problemsOf({ PAYMENT_COMMISSION_BPS: '10001' }))).toEqual(['PAYMENT_COMMISSION_BPS']);
    expect(validateEnv({}).payments.payoutHoldDays).toBe(7);
    expect(names(problemsOf({ STRIPE_CONNECT_WEBHOOK_SECRET: 'secret' }))).toEqual(['STRIPE_CONNECT_WEBHOOK_SECRET']);
    expect(validateEnv({ PAYOUT_HOLD_DAYS: '0' }).payments.payoutHoldDays).toBe(0);
    for (const bad of ['-1', '91', '2.5', 'week']) expect(names(problemsOf({ PAYOUT_HOLD_DAYS: bad }))).toEqual(['PAYOUT_HOLD_DAYS']);
  });
});

describe('ENV_VARIABLES', () => {
  it('names each variable once', () => {
    expect(new Set(ENV_VARIABLES).size).toBe(ENV_VARIABLES.length);
  });
});

describe('validateEnv — API documentation', () => {
  it('is public locally, for the admin networks in staging, off in production; never public when deployed', () => {
    expect(validateEnv({}).apiDocs).toBe('public');
    expect(validateEnv(deployedEnv('staging')).apiDocs).toBe('admin');
    expect(validateEnv(deployedEnv('production')).apiDocs).toBe('off');
    expect(validateEnv(deployedEnv('production', { API_DOCS: 'admin' })).apiDocs).toBe('admin');
    expect(names(problemsOf(deployedEnv('staging', { API_DOCS: 'public' })))).toEqual(['API_DOCS']);
    expect(names(problemsOf({ API_DOCS: 'everyone' }))).toEqual(['API_DOCS']);
  });
});
