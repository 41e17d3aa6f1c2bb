import type { EnvSource } from '../../src/config/env';

/** A complete, valid environment for a deployed NODE_ENV (placeholders only). */
export function deployedEnv(nodeEnv: 'staging' | 'production', overrides: EnvSource = {}): EnvSource {
  const live = nodeEnv === 'production';
  return {
    NODE_ENV: nodeEnv,
    APP_BASE_URL: 'https://khadamat.example.test',
    FRONTEND_URL: 'https://khadamat.example.test',
    SESSION_SECRET: 's'.repeat(40),
    DATA_ENCRYPTION_KEYS: `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`,
    DATABASE_URL: 'postgresql://app@db.internal:5432/khadamat',
    SHADOW_DATABASE_URL: 'postgresql://app@db.internal:5432/khadamat_shadow',
    REDIS_URL: 'redis://redis.internal:6379',
    UPLOAD_ANTIVIRUS: 'true',
    CLAMAV_HOST: 'clamav.internal',
    CLAMAV_PORT: '3310',
    UPLOAD_STORAGE_DIR: '/srv/uploads',
    STRIPE_SECRET_KEY: live ? 'sk_live_placeholder' : 'sk_test_placeholder',
    STRIPE_WEBHOOK_SECRET: 'whsec_placeholder',
    SMTP_HOST: 'smtp.internal',
    SMTP_FROM: 'Khadamat <no-reply@khadamat.example.test>',
    SMS_PROVIDER: 'infobip',
    SMS_API_BASE_URL: 'https://sms.example.test',
    SMS_API_KEY: 'placeholder',
    SMS_SENDER_ID: 'Khadamat',
    KYC_PROVIDER: 'sumsub',
    KYC_API_BASE_URL: 'https://kyc.example.test',
    KYC_API_KEY: 'placeholder',
    KYC_API_SECRET: 'placeholder',
    KYC_WEBHOOK_SECRET: 'placeholder',
    SENTRY_DSN: 'https://key@sentry.example.test/1',
    METRICS_TOKEN: 'm'.repeat(32),
    TRUST_PROXY: '1',
    HSTS_ENABLED: 'true',
    ADMIN_IP_ALLOWLIST: '10.0.0.0/8, 2001:db8::/32, 203.0.113.7',
    BACKUP_ENABLED: 'true',
    BACKUP_DIR: '/srv/backups',
    BACKUP_ENCRYPTION_KEY: 'k'.repeat(40),
    SMOKE_ROUTES_ENABLE: 'false',
    ...overrides,
  };
}
