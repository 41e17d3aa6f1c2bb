// The only module that reads process.env. validateEnv() turns the environment into one
// typed, frozen config object, or fails with every problem listed by variable name
// (never a value: values may be secrets).
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { Cron } from 'croner';
import ipaddr from 'ipaddr.js';
import { DataKeyRing, developmentDataKey, parseDataKeys } from '../platform/crypto/data-keys';
import { backendRoot } from './paths';

export const NODE_ENVS = ['development', 'test', 'staging', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/**
 * Every variable the platform knows. The env samples must list exactly these
 * (checked by `npm run check:env-samples` in ci:check).
 */
export const ENV_VARIABLES = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'LOG_LEVEL',
  'REQUEST_LOG_LEVEL',
  'APP_BASE_URL',
  'FRONTEND_URL',
  'SERVE_FRONTEND',
  'BODY_LIMIT_BYTES',
  'REQUEST_TIMEOUT_MS',
  'KEEP_ALIVE_TIMEOUT_MS',
  'SHUTDOWN_DRAIN_MS',
  'SESSION_SECRET',
  'DATA_ENCRYPTION_KEYS',
  'DATABASE_URL',
  'SHADOW_DATABASE_URL',
  'DATABASE_POOL_MAX',
  'AUTO_MIGRATE',
  'REDIS_URL',
  'REDIS_SENTINELS',
  'REDIS_SENTINEL_NAME',
  'MOCK_REDIS',
  'RATE_LIMIT_MAX',
  'RATE_LIMIT_WINDOW_MS',
  'UPLOAD_STORAGE_DIR',
  'UPLOAD_MAX_BYTES',
  'UPLOAD_PROCESSING_CONCURRENCY',
  'UPLOAD_RATE_LIMIT_PER_HOUR',
  'UPLOAD_QUOTA_BYTES',
  'UPLOAD_ANTIVIRUS',
  'CLAMAV_HOST',
  'CLAMAV_PORT',
  'CLAMAV_TIMEOUT_MS',
  'STRIPE_SECRET_KEY',
  'STRIPE_PUBLISHABLE_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_CONNECT_WEBHOOK_SECRET',
  'STRIPE_API_URL',
  'STRIPE_JS_URL',
  'PAYMENT_COMMISSION_BPS',
  'PAYOUT_HOLD_DAYS',
  'SMTP_HOST',
  'SMTP_PORT',
  'SMTP_SECURE',
  'SMTP_USER',
  'SMTP_PASSWORD',
  'SMTP_FROM',
  'SMS_PROVIDER',
  'SMS_API_BASE_URL',
  'SMS_API_KEY',
  'SMS_SENDER_ID',
  'KYC_PROVIDER',
  'KYC_API_BASE_URL',
  'KYC_API_KEY',
  'KYC_WEBHOOK_SECRET',
  'KYC_API_SECRET',
  'KYC_LEVEL_NAME',
  'KYC_ALLOW_MANUAL_IN_PRODUCTION',
  'KYC_DOCUMENT_RETENTION_DAYS',
  'SENTRY_DSN',
  'SENTRY_TRACES_SAMPLE_RATE',
  'METRICS_TOKEN',
  'API_DOCS',
  'TRUST_PROXY',
  'HSTS_ENABLED',
  'ADMIN_IP_ALLOWLIST',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'BACKUP_ENABLED',
  'BACKUP_DIR',
  'BACKUP_SCHEDULE',
  'BACKUP_RETENTION_DAYS',
  'BACKUP_ENCRYPTION_KEY',
  'SMOKE_ROUTES_ENABLE',
  'SMOKE_BASE_URL',
  'SMOKE_USER_EMAIL',
  'SMOKE_USER_PASSWORD',
  'SMOKE_ADMIN_TOKEN',
  'DEPLOY_START_COMMAND',
  'DEPLOY_SEED',
] as const;
export type EnvVariable = (typeof ENV_VARIABLES)[number];
export type EnvSource = Partial<Record<string, string | undefined>>;

export const SMS_PROVIDERS = ['capture', 'infobip'] as const;
export const KYC_PROVIDERS = ['manual', 'sumsub'] as const;
export const API_DOCS_MODES = ['public', 'admin', 'off'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const REQUEST_LOG_LEVELS = ['info', 'debug', 'trace', 'silent'] as const;

/** Stripe.js, as Stripe serves it (it must never be bundled or served by the platform). */
export const STRIPE_JS_DEFAULT = 'https://js.stripe.com/v3';

export interface Config {
  nodeEnv: NodeEnv;
  /** development and test run on the embedded defaults; staging and production do not. */
  isLocal: boolean;
  isProduction: boolean;
  host: string;
  port: number;
  logLevel: (typeof LOG_LEVELS)[number];
  /** The level of the one line logged per answered request (`silent`: none); errors are logged whatever it is. */
  requestLogLevel: (typeof REQUEST_LOG_LEVELS)[number];
  appBaseUrl: string;
  frontendUrl: string;
  serveFrontend: boolean;
  bodyLimitBytes: number;
  /** A request (headers and body) must arrive whole within this; a slower client gets 408 and is cut. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (longer than the load balancer's idle timeout). */
  keepAliveTimeoutMs: number;
  /** On SIGTERM, /health/ready answers 503 this long (all else still served) before the server stops accepting. */
  shutdownDrainMs: number;
  sessionSecret: string;
  /** Seals data at rest (DATA_ENCRYPTION_KEYS); the key bytes never appear in the config's own properties. */
  dataKeys: DataKeyRing;
  database: { url: string; provider: 'sqlite' | 'postgresql'; shadowUrl: string | null; poolMax: number; autoMigrate: boolean };
  /**
   * `url`, or Sentinel: `sentinels` (host:port list) and `sentinelName` (the monitored
   * primary's name), with the password, database and TLS of `url` when it is set too.
   */
  redis: { url: string | null; mock: boolean; sentinels: { host: string; port: number }[]; sentinelName: string | null };
  rateLimit: { max: number; windowMs: number };
  uploads: {
    storageDir: string;
    maxBytes: number;
    /** Images decoded and re-encoded at once by one API process (the rest wait briefly, then get 503). */
    processingConcurrency: number;
    /** Uploads one member may start per hour (admins are exempt). */
    ratePerHour: number;
    /** Bytes one member may keep stored, summed over their uploads (admins are exempt). */
    quotaBytes: number;
  };
  antivirus: { enabled: boolean; host: string | null; port: number; timeoutMs: number };
  stripe: {
    secretKey: string | null;
    publishableKey: string | null;
    webhookSecret: string | null;
    /** The Connect endpoint's signing secret (events of connected accounts), when it differs. */
    connectWebhookSecret: string | null;
    mode: 'test' | 'live' | 'off';
    /** Another address for Stripe's API (the local Stripe server in development and tests); null: Stripe's own. */
    apiUrl: string | null;
    /** Where the checkout loads Stripe.js from: Stripe's own, or the local server's stand-in. */
    jsUrl: string;
  };
  payments: {
    /** The platform's commission in basis points of the price, unless the category sets its own. */
    commissionBps: number;
    /** Days after a job's confirmation before its provider's share can be paid out (refunds and disputes land first). */
    payoutHoldDays: number;
  };
  smtp: { host: string | null; port: number; secure: boolean; user: string | null; password: string | null; from: string };
  sms: { provider: (typeof SMS_PROVIDERS)[number]; apiBaseUrl: string | null; apiKey: string | null; senderId: string | null };
  kyc: {
    /** manual: the admin review queue only; sumsub: the vendor checks, admins still decide suspensions. */
    provider: (typeof KYC_PROVIDERS)[number];
    apiBaseUrl: string | null;
    /** The vendor's app token and the secret that signs each API request. */
    apiKey: string | null;
    apiSecret: string | null;
    /** The secret of the vendor's webhook digests. */
    webhookSecret: string | null;
    /** The vendor's verification level (which documents it asks for). */
    levelName: string;
    /** Identity documents are deleted this many days after a decision (at once when the account is deleted). */
    documentRetentionDays: number;
  };
  sentry: { dsn: string | null; tracesSampleRate: number };
  metricsToken: string | null;
  /** Who sees /api/docs: anyone, only the admin networks (ADMIN_IP_ALLOWLIST), or nobody. */
  apiDocs: (typeof API_DOCS_MODES)[number];
  /** Fastify's trustProxy: false, or the addresses/CIDRs (or proxy-addr range names) of trusted proxies. */
  trustProxy: false | string[];
  hstsEnabled: boolean;
  adminIpAllowlist: string[];
  admin: { email: string | null; password: string | null };
  backup: { enabled: boolean; dir: string | null; schedule: string; retentionDays: number; encryptionKey: string | null };
  smoke: { routesEnabled: boolean; baseUrl: string; userEmail: string | null; userPassword: string | null; adminToken: string | null };
  deploy: { startCommand: string | null; seed: boolean };
}

export class EnvValidationError extends Error {
  constructor(
    readonly nodeEnv: string,
    readonly problems: string[],
  ) {
    super(
      `Invalid environment for NODE_ENV=${nodeEnv} (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'EnvValidationError';
  }
}

/** Reads variables one by one and collects every problem instead of stopping at the first. */
class Reader {
  readonly problems: string[] = [];
  constructor(private readonly source: EnvSource) {}

  raw(name: EnvVariable): string | undefined {
    const value = this.source[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  problem(name: EnvVariable, reason: string): void {
    this.problems.push(`${name}: ${reason}`);
  }

  string(name: EnvVariable, opts: { required?: boolean; fallback?: string } = {}): string | null {
    const value = this.raw(name) ?? opts.fallback;
    if (value === undefined) {
      if (opts.required) this.problem(name, 'is required');
      return null;
    }
    return value;
  }

  int(name: EnvVariable, fallback: number, opts: { min?: number; max?: number; required?: boolean } = {}): number {
    const value = this.raw(name);
    if (value === undefined) {
      if (opts.required) this.problem(name, 'is required');
      return fallback;
    }
    const n = Number(value);
    if (!Number.isInteger(n) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      this.problem(
        name,
        `must be an integer${opts.min !== undefined ? ` from ${opts.min}` : ''}${opts.max !== undefined ? ` to ${opts.max}` : ''}`,
      );
      return fallback;
    }
    return n;
  }

  number(name: EnvVariable, fallback: number, opts: { min: number; max: number }): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < opts.min || n > opts.max) {
      this.problem(name, `must be a number from ${opts.min} to ${opts.max}`);
      return fallback;
    }
    return n;
  }

  bool(name: EnvVariable, fallback: boolean, opts: { required?: boolean } = {}): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) {
      if (opts.required) this.problem(name, 'is required');
      return fallback;
    }
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    this.problem(name, 'must be true or false');
    return fallback;
  }

  oneOf<T extends string>(name: EnvVariable, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problem(name, `must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return value as T;
  }

  url(name: EnvVariable, opts: { required?: boolean; fallback?: string; protocols?: string[] } = {}): string | null {
    const value = this.string(name, opts);
    if (value === null) return null;
    try {
      const parsed = new URL(value);
      if (opts.protocols && !opts.protocols.includes(parsed.protocol)) {
        this.problem(name, `must use ${opts.protocols.join(' or ')}`);
        return null;
      }
      return value.replace(/\/+$/, '');
    } catch {
      this.problem(name, 'must be a valid URL');
      return null;
    }
  }
}

/** Parses a comma-separated list of IPs and CIDR ranges (v4 and v6). Returns null when malformed. */
export function parseIpList(value: string): string[] | null {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (entry.includes('/')) {
      try {
        ipaddr.parseCIDR(entry);
      } catch {
        return null;
      }
    } else if (!ipaddr.isValid(entry)) {
      return null;
    }
  }
  return entries;
}

/**
 * Proxies on the platform's own private network: what `TRUST_PROXY=1` means. Only
 * X-Forwarded-For hops added by these addresses are believed, so a client talking to
 * the API directly cannot spoof its IP (Fastify refuses bare hop counts for that reason).
 */
export const PRIVATE_PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function parseTrustProxy(r: Reader, deployed: boolean): false | string[] {
  const value = r.raw('TRUST_PROXY');
  if (value === undefined) {
    if (deployed) r.problem('TRUST_PROXY', 'is required (1 for a proxy on the private network, or its IPs/CIDRs)');
    return false;
  }
  const lower = value.toLowerCase();
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  if (['1', 'true', 'yes', 'on'].includes(lower)) return [...PRIVATE_PROXY_RANGES];
  const list = parseIpList(value);
  if (!list) {
    r.problem('TRUST_PROXY', 'must be 0, 1, or a comma-separated list of proxy IPs/CIDRs');
    return false;
  }
  return list;
}

/**
 * DATA_ENCRYPTION_KEYS: `<id>:<base64 32 bytes>`, comma-separated, the current key first.
 * Required in staging and production; locally a fixed development key is used instead.
 */
function parseDataKeyRing(r: Reader, deployed: boolean): DataKeyRing {
  const fallback = () => new DataKeyRing([developmentDataKey()]);
  const value = r.raw('DATA_ENCRYPTION_KEYS');
  if (value === undefined) {
    if (deployed) r.problem('DATA_ENCRYPTION_KEYS', 'is required (<id>:<base64 32 bytes>, e.g. k1:$(openssl rand -base64 32))');
    return fallback();
  }
  const { ring, problems } = parseDataKeys(value);
  for (const problem of problems) r.problem('DATA_ENCRYPTION_KEYS', problem);
  if (!ring) return fallback();
  if (deployed && ring.holds(developmentDataKey().key)) r.problem('DATA_ENCRYPTION_KEYS', 'must not hold the development key');
  return ring;
}

/** REDIS_SENTINELS: `host:port` comma-separated (IPv6 in brackets: `[::1]:26379`). */
function parseSentinels(r: Reader): { host: string; port: number }[] {
  const value = r.raw('REDIS_SENTINELS');
  if (value === undefined) return [];
  const out: { host: string; port: number }[] = [];
  for (const entry of value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(entry);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) {
      r.problem('REDIS_SENTINELS', 'must be a comma-separated list of host:port (e.g. 10.0.0.5:26379,10.0.0.6:26379)');
      return [];
    }
    out.push({ host: match[1]!.replace(/^\[|\]$/g, ''), port });
  }
  return out;
}

const SECRET_MIN = 32;

/** Parsed by the library the worker schedules with, so what passes here runs there. */
function isCronPattern(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true, timezone: 'UTC' }).stop();
    return true;
  } catch {
    return false;
  }
}

export function validateEnv(source: EnvSource = process.env): Readonly<Config> {
  const nodeEnvRaw = source.NODE_ENV?.trim() || 'development';
  if (!(NODE_ENVS as readonly string[]).includes(nodeEnvRaw)) {
    throw new EnvValidationError(nodeEnvRaw, [`NODE_ENV: must be one of ${NODE_ENVS.join(', ')}`]);
  }
  const nodeEnv = nodeEnvRaw as NodeEnv;
  const deployed = nodeEnv === 'staging' || nodeEnv === 'production';
  const isProduction = nodeEnv === 'production';
  const r = new Reader(source);

  const port = r.int('PORT', 3000, { min: 0, max: 65535 });
  const host = r.string('HOST', { fallback: deployed ? '0.0.0.0' : '127.0.0.1' })!;
  const logLevel = r.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info');
  const requestLogLevel = r.oneOf('REQUEST_LOG_LEVEL', REQUEST_LOG_LEVELS, 'info');
  const https = deployed ? ['https:'] : ['http:', 'https:'];
  const appBaseUrl =
    r.url('APP_BASE_URL', { required: deployed, fallback: deployed ? undefined : `http://localhost:${port}`, protocols: https }) ?? '';
  const frontendUrl =
    r.url('FRONTEND_URL', { required: deployed, fallback: deployed ? undefined : 'http://localhost:5173', protocols: https }) ?? '';

  const sessionSecret = r.string('SESSION_SECRET', { required: deployed }) ?? 'dev-only-session-secret-not-for-deployed-use';
  if (deployed && r.raw('SESSION_SECRET') && sessionSecret.length < SECRET_MIN) {
    r.problem('SESSION_SECRET', `must be at least ${SECRET_MIN} characters`);
  }
  const dataKeys = parseDataKeyRing(r, deployed);

  // Database: SQLite is the embedded default; deployed environments need PostgreSQL and a shadow database.
  const databaseUrl = r.string('DATABASE_URL', { required: deployed, fallback: deployed ? undefined : 'file:./dev.db' }) ?? '';
  let provider: 'sqlite' | 'postgresql' = 'sqlite';
  if (databaseUrl.startsWith('file:')) {
    if (deployed) r.problem('DATABASE_URL', 'must be a PostgreSQL URL (SQLite is for local use only)');
  } else if (/^postgres(ql)?:\/\/.+/.test(databaseUrl)) {
    provider = 'postgresql';
  } else if (databaseUrl) {
    r.problem('DATABASE_URL', 'must start with file: (SQLite) or postgresql://');
  }
  const shadowUrl = r.string('SHADOW_DATABASE_URL', { required: deployed });
  if (shadowUrl && !/^(postgres(ql)?:\/\/.+|file:.+)$/.test(shadowUrl)) {
    r.problem('SHADOW_DATABASE_URL', 'must start with file: or postgresql://');
  } else if (shadowUrl && deployed && !shadowUrl.startsWith('postgres')) {
    r.problem('SHADOW_DATABASE_URL', 'must be a PostgreSQL URL');
  } else if (shadowUrl && shadowUrl === databaseUrl) {
    r.problem('SHADOW_DATABASE_URL', 'must differ from DATABASE_URL (it is emptied on every diff)');
  }
  const poolMax = r.int('DATABASE_POOL_MAX', 10, { min: 1, max: 500 });
  const autoMigrate = r.bool('AUTO_MIGRATE', !deployed);
  if (deployed && autoMigrate) r.problem('AUTO_MIGRATE', 'must be false in staging/production (npm run deploy applies migrations)');

  // Redis: in-process only for local work; a real server everywhere else, reached directly
  // (REDIS_URL) or through Sentinel (REDIS_SENTINELS + REDIS_SENTINEL_NAME).
  const redisUrl = r.url('REDIS_URL', { protocols: ['redis:', 'rediss:'] });
  const sentinels = parseSentinels(r);
  const sentinelName = r.string('REDIS_SENTINEL_NAME', { required: sentinels.length > 0 });
  if (sentinelName && !sentinels.length && !r.raw('REDIS_SENTINELS'))
    r.problem('REDIS_SENTINELS', 'is required when REDIS_SENTINEL_NAME is set');
  const redisConfigured = Boolean(redisUrl || r.raw('REDIS_URL') || sentinels.length);
  const mockRedis = r.bool('MOCK_REDIS', !deployed && !redisConfigured);
  if (deployed) {
    if (!redisConfigured) r.problem('REDIS_URL', 'is required (or REDIS_SENTINELS and REDIS_SENTINEL_NAME)');
    if (mockRedis) r.problem('MOCK_REDIS', 'must not be true in staging/production');
  } else if (!mockRedis && !redisConfigured) {
    r.problem('REDIS_URL', 'is required when MOCK_REDIS is false (or REDIS_SENTINELS and REDIS_SENTINEL_NAME)');
  }

  const rateLimit = {
    max: r.int('RATE_LIMIT_MAX', 300, { min: 1 }),
    windowMs: r.int('RATE_LIMIT_WINDOW_MS', 60_000, { min: 1000 }),
  };

  const uploads = {
    storageDir: r.string('UPLOAD_STORAGE_DIR', { required: deployed, fallback: deployed ? undefined : './uploads' }) ?? '',
    maxBytes: r.int('UPLOAD_MAX_BYTES', 10 * 1024 * 1024, { min: 1024 }),
    // One core stays free for the event loop (each image job keeps one core busy). Set it
    // where the process is given fewer cores than the machine has (a container's CPU quota).
    processingConcurrency: r.int('UPLOAD_PROCESSING_CONCURRENCY', Math.max(1, availableParallelism() - 1), { min: 1, max: 64 }),
    ratePerHour: r.int('UPLOAD_RATE_LIMIT_PER_HOUR', 60, { min: 1 }),
    quotaBytes: r.int('UPLOAD_QUOTA_BYTES', 512 * 1024 * 1024, { min: 1024 * 1024 }),
  };

  // Antivirus is mandatory once real users upload files.
  const antivirusEnabled = r.bool('UPLOAD_ANTIVIRUS', deployed, { required: deployed });
  if (deployed && r.raw('UPLOAD_ANTIVIRUS') && !antivirusEnabled) r.problem('UPLOAD_ANTIVIRUS', 'must be true in staging/production');
  const antivirus = {
    enabled: antivirusEnabled,
    host: r.string('CLAMAV_HOST', { required: antivirusEnabled }),
    port: r.int('CLAMAV_PORT', 3310, { min: 1, max: 65535, required: antivirusEnabled && deployed }),
    timeoutMs: r.int('CLAMAV_TIMEOUT_MS', 10_000, { min: 100 }),
  };

  // Stripe: test keys everywhere but production; a live key never leaves production.
  const stripeSecret = r.string('STRIPE_SECRET_KEY', { required: deployed });
  let stripeMode: Config['stripe']['mode'] = 'off';
  if (stripeSecret) {
    if (/^(sk|rk)_live_/.test(stripeSecret)) {
      stripeMode = 'live';
      if (!isProduction) r.problem('STRIPE_SECRET_KEY', 'a live key is only accepted in production');
    } else if (/^(sk|rk)_test_/.test(stripeSecret)) {
      stripeMode = 'test';
      if (isProduction) r.problem('STRIPE_SECRET_KEY', 'production needs a live key (sk_live_…)');
    } else {
      r.problem('STRIPE_SECRET_KEY', 'must be a Stripe secret key (sk_test_… or sk_live_…)');
    }
  }
  const stripePublishable = r.string('STRIPE_PUBLISHABLE_KEY');
  if (stripePublishable) {
    const live = stripePublishable.startsWith('pk_live_');
    if (!/^pk_(test|live)_/.test(stripePublishable)) r.problem('STRIPE_PUBLISHABLE_KEY', 'must be a Stripe publishable key (pk_…)');
    else if (live !== isProduction)
      r.problem('STRIPE_PUBLISHABLE_KEY', isProduction ? 'production needs a live key' : 'a live key is only accepted in production');
  }
  const webhookSecret = r.string('STRIPE_WEBHOOK_SECRET', { required: deployed });
  if (webhookSecret && !webhookSecret.startsWith('whsec_')) r.problem('STRIPE_WEBHOOK_SECRET', 'must start with whsec_');
  // Connected accounts' events (account.updated) come from a Connect endpoint with its own secret.
  const connectWebhookSecret = r.string('STRIPE_CONNECT_WEBHOOK_SECRET');
  if (connectWebhookSecret && !connectWebhookSecret.startsWith('whsec_'))
    r.problem('STRIPE_CONNECT_WEBHOOK_SECRET', 'must start with whsec_');
  // Money in production moves on Stripe's own servers only.
  const stripeApiUrl = r.url('STRIPE_API_URL', { protocols: ['http:', 'https:'] });
  if (stripeApiUrl && isProduction) r.problem('STRIPE_API_URL', 'must not be set in production (payments go to Stripe itself)');
  // Card details are typed into Stripe.js: production loads it from Stripe only.
  const stripeJsUrl = r.url('STRIPE_JS_URL', { protocols: ['http:', 'https:'] }) ?? STRIPE_JS_DEFAULT;
  if (isProduction && stripeJsUrl !== STRIPE_JS_DEFAULT)
    r.problem('STRIPE_JS_URL', `must be ${STRIPE_JS_DEFAULT} in production (or unset)`);
  const commissionBps = r.int('PAYMENT_COMMISSION_BPS', 1500, { min: 0, max: 10_000 });
  const payoutHoldDays = r.int('PAYOUT_HOLD_DAYS', 7, { min: 0, max: 90 });

  const smtp = {
    host: r.string('SMTP_HOST', { required: deployed }),
    port: r.int('SMTP_PORT', 587, { min: 1, max: 65535 }),
    secure: r.bool('SMTP_SECURE', false),
    user: r.string('SMTP_USER'),
    password: r.string('SMTP_PASSWORD'),
    from: r.string('SMTP_FROM', { required: deployed, fallback: deployed ? undefined : 'Khadamat <no-reply@localhost>' }) ?? '',
  };

  const smsProvider = r.oneOf('SMS_PROVIDER', SMS_PROVIDERS, 'capture');
  const smsLive = smsProvider !== 'capture';
  if (deployed && !r.raw('SMS_PROVIDER')) r.problem('SMS_PROVIDER', 'is required');
  else if (deployed && !smsLive) r.problem('SMS_PROVIDER', 'must be a real provider in staging/production (capture is local only)');
  const sms = {
    provider: smsProvider,
    apiBaseUrl: r.url('SMS_API_BASE_URL', { required: smsLive }),
    apiKey: r.string('SMS_API_KEY', { required: smsLive }),
    senderId: r.string('SMS_SENDER_ID', { required: smsLive }),
  };

  const kycProvider = r.oneOf('KYC_PROVIDER', KYC_PROVIDERS, deployed ? 'sumsub' : 'manual');
  if (deployed && !r.raw('KYC_PROVIDER')) r.problem('KYC_PROVIDER', 'is required');
  // Production checks identities through the vendor; the manual queue alone is an explicit choice there.
  const allowManual = r.bool('KYC_ALLOW_MANUAL_IN_PRODUCTION', false);
  if (isProduction && kycProvider === 'manual' && !allowManual) {
    r.problem('KYC_PROVIDER', 'manual is refused in production unless KYC_ALLOW_MANUAL_IN_PRODUCTION=true');
  }
  const kycVendor = kycProvider === 'sumsub';
  const kyc = {
    provider: kycProvider,
    apiBaseUrl: r.url('KYC_API_BASE_URL', { required: kycVendor, protocols: deployed ? ['https:'] : ['http:', 'https:'] }),
    apiKey: r.string('KYC_API_KEY', { required: kycVendor }),
    apiSecret: r.string('KYC_API_SECRET', { required: kycVendor }),
    webhookSecret: r.string('KYC_WEBHOOK_SECRET', { required: kycVendor }),
    levelName: r.string('KYC_LEVEL_NAME', { fallback: 'basic-kyc-level' })!,
    documentRetentionDays: r.int('KYC_DOCUMENT_RETENTION_DAYS', 90, { min: 1, max: 3650 }),
  };

  const sentry = {
    dsn: r.url('SENTRY_DSN', { required: deployed }),
    tracesSampleRate: r.number('SENTRY_TRACES_SAMPLE_RATE', deployed ? 0.1 : 0, { min: 0, max: 1 }),
  };
  const metricsToken = r.string('METRICS_TOKEN', { required: deployed });
  if (metricsToken && deployed && metricsToken.length < 24) r.problem('METRICS_TOKEN', 'must be at least 24 characters');

  // The API's map is an attacker's map too: deployed, it is for the admin networks at most.
  const apiDocs = r.oneOf('API_DOCS', API_DOCS_MODES, !deployed ? 'public' : isProduction ? 'off' : 'admin');
  if (deployed && apiDocs === 'public') r.problem('API_DOCS', 'must be admin or off in staging/production');

  const trustProxy = parseTrustProxy(r, deployed);
  const hstsEnabled = r.bool('HSTS_ENABLED', false, { required: deployed });
  if (deployed && r.raw('HSTS_ENABLED') && !hstsEnabled) r.problem('HSTS_ENABLED', 'must be true in staging/production');

  let adminIpAllowlist: string[] = [];
  const allowlistRaw = r.raw('ADMIN_IP_ALLOWLIST');
  if (allowlistRaw === undefined) {
    if (deployed) r.problem('ADMIN_IP_ALLOWLIST', 'is required (comma-separated IPs/CIDRs)');
  } else {
    const parsed = parseIpList(allowlistRaw);
    if (!parsed) r.problem('ADMIN_IP_ALLOWLIST', 'must be a comma-separated list of IPs or CIDR ranges (v4 or v6)');
    else if (deployed && parsed.some((e) => /^(0\.0\.0\.0|::)\/0$/.test(e)))
      r.problem('ADMIN_IP_ALLOWLIST', 'must not allow every address');
    else adminIpAllowlist = parsed;
  }
  const admin = { email: r.string('ADMIN_EMAIL'), password: r.string('ADMIN_PASSWORD') };
  if (deployed && admin.password) r.problem('ADMIN_PASSWORD', 'must not be set in staging/production (use npm run admin:create)');

  const backupEnabled = r.bool('BACKUP_ENABLED', false, { required: deployed });
  if (deployed && r.raw('BACKUP_ENABLED') && !backupEnabled) r.problem('BACKUP_ENABLED', 'must be true in staging/production');
  const backup = {
    enabled: backupEnabled,
    dir: r.string('BACKUP_DIR', { required: backupEnabled }),
    schedule: r.string('BACKUP_SCHEDULE', { fallback: '0 3 * * *' })!,
    retentionDays: r.int('BACKUP_RETENTION_DAYS', 14, { min: 1 }),
    encryptionKey: r.string('BACKUP_ENCRYPTION_KEY', { required: isProduction && backupEnabled }),
  };
  if (!isCronPattern(backup.schedule))
    r.problem('BACKUP_SCHEDULE', 'must be a cron pattern (minute hour day month weekday, UTC), e.g. 0 3 * * *');
  if (backup.encryptionKey && backup.encryptionKey.length < SECRET_MIN)
    r.problem('BACKUP_ENCRYPTION_KEY', `must be at least ${SECRET_MIN} characters`);

  const smokeRoutesEnabled = r.bool('SMOKE_ROUTES_ENABLE', !deployed);
  if (deployed && smokeRoutesEnabled) r.problem('SMOKE_ROUTES_ENABLE', 'must be false in staging/production');
  const smoke = {
    routesEnabled: smokeRoutesEnabled,
    baseUrl: r.url('SMOKE_BASE_URL', { fallback: appBaseUrl || `http://localhost:${port}` }) ?? appBaseUrl,
    userEmail: r.string('SMOKE_USER_EMAIL'),
    userPassword: r.string('SMOKE_USER_PASSWORD'),
    adminToken: r.string('SMOKE_ADMIN_TOKEN'),
  };

  const config: Config = {
    nodeEnv,
    isLocal: !deployed,
    isProduction,
    host,
    port,
    logLevel,
    requestLogLevel,
    appBaseUrl,
    frontendUrl,
    serveFrontend: r.bool('SERVE_FRONTEND', true),
    bodyLimitBytes: r.int('BODY_LIMIT_BYTES', 1024 * 1024, { min: 1024 }),
    requestTimeoutMs: r.int('REQUEST_TIMEOUT_MS', 60_000, { min: 1_000, max: 600_000 }),
    keepAliveTimeoutMs: r.int('KEEP_ALIVE_TIMEOUT_MS', 72_000, { min: 1_000, max: 600_000 }),
    // Long enough for a load balancer's health check to take the process out (HAProxy
    // `fall 2` at 1 s, a Kubernetes readiness probe every 2 s) before it closes.
    shutdownDrainMs: r.int('SHUTDOWN_DRAIN_MS', deployed ? 5_000 : 0, { min: 0, max: 120_000 }),
    sessionSecret,
    dataKeys,
    database: { url: databaseUrl, provider, shadowUrl, poolMax, autoMigrate },
    redis: { url: redisUrl, mock: mockRedis, sentinels, sentinelName },
    rateLimit,
    uploads,
    antivirus,
    stripe: {
      secretKey: stripeSecret,
      publishableKey: stripePublishable,
      webhookSecret,
      connectWebhookSecret,
      mode: stripeMode,
      apiUrl: stripeApiUrl,
      jsUrl: stripeJsUrl,
    },
    payments: { commissionBps, payoutHoldDays },
    smtp,
    sms,
    kyc,
    sentry,
    metricsToken,
    apiDocs,
    trustProxy,
    hstsEnabled,
    adminIpAllowlist,
    admin,
    backup,
    smoke,
    deploy: { startCommand: r.string('DEPLOY_START_COMMAND'), seed: r.bool('DEPLOY_SEED', false) },
  };

  if (r.problems.length > 0) throw new EnvValidationError(nodeEnv, r.problems);
  return deepFreeze(config);
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object' && !Object.isFrozen(child)) deepFreeze(child as object);
  }
  return Object.freeze(value);
}

/**
 * Loads backend/.env.<NODE_ENV> then backend/.env into process.env without overriding
 * what the real environment already sets (the real environment wins, as with dotenv).
 * Tests never load files, so they stay hermetic.
 */
export function loadEnvFiles(target: NodeJS.ProcessEnv = process.env): string[] {
  const nodeEnv = target.NODE_ENV ?? 'development';
  if (nodeEnv === 'test') return [];
  const loaded: string[] = [];
  for (const name of [`.env.${nodeEnv}`, '.env']) {
    const path = join(backendRoot, name);
    if (!existsSync(path)) continue;
    const values = parseEnv(readFileSync(path, 'utf8'));
    for (const [key, value] of Object.entries(values)) {
      if (target[key] === undefined) target[key] = value;
    }
    loaded.push(name);
  }
  return loaded;
}

/**
 * The environment a child tool (pg_dump, pg_restore) runs with: this process's own, plus
 * `extra` (a password the tool reads from its environment rather than its command line).
 */
export function childProcessEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** Loads the env files and validates; the single entry point of every process. */
export function loadConfig(): Readonly<Config> {
  loadEnvFiles();
  return validateEnv(process.env);
}
