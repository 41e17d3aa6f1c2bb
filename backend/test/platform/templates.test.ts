import { LOCALES } from '@khadamat/contracts';
import { describe, expect, it } from 'vitest';
import { validateEnv } from '../../src/config/env';
import { appLink, formatMinutes, renderMail, type MailTemplate, type MailTemplateVars } from '../../src/platform/mail/templates';
import { renderSms } from '../../src/platform/sms/templates';

const { appBaseUrl } = validateEnv({ NODE_ENV: 'test', MOCK_REDIS: 'true', APP_BASE_URL: 'https://khadamat.example.test/app' });
const link = appLink({ baseUrl: appBaseUrl, path: '/auth/reset-password', query: { token: 'tok-123' } });
const ARABIC = /[\u0600-\u06FF]/;

// Typed per template, so a template added without sample vars fails to compile.
const samples: { [T in MailTemplate]: MailTemplateVars[T] } = {
  'verify-email': { name: 'Amina', link },
  'password-reset': { name: 'Amina', link, minutes: 30 },
  'password-changed': { name: 'Amina' },
  'account-exists': { name: 'Amina', signInLink: link, resetLink: link },
  welcome: { name: 'Amina' },
  notice: {
    name: 'Amina',
    subject: 'Réservation acceptée',
    body: 'Votre demande est acceptée.\n\nÀ bientôt.',
    actionLabel: 'Voir',
    actionUrl: link,
  },
  'kyc-status': { name: 'Amina', status: 'rejected', reason: 'Photo illisible', link },
};
const templates = Object.keys(samples) as MailTemplate[];
const cases = templates.flatMap((template) => LOCALES.map((locale) => ({ template, locale })));

describe('mail templates', () => {
  it.each(cases)('$template renders in $locale with the right language and direction', ({ template, locale }) => {
    const mail = renderMail(template, locale, samples[template]);

    const dir = locale === 'ar' ? 'rtl' : 'ltr';
    expect(mail.subject).not.toBe('');
    expect(mail.html).toContain(`<html lang="${locale}" dir="${dir}">`);
    expect(mail.html).toContain('Khadamat');
    expect(mail.html).not.toMatch(/<style|<script|class=/);
    expect(mail.text).toContain('Amina');
    expect(mail.text).not.toMatch(/<[a-z]/i);
    expect(ARABIC.test(mail.subject + mail.text)).toBe(locale === 'ar');
  });

  it.each(LOCALES)('every var is HTML-escaped (%s)', (locale) => {
    const name = '<script>alert("x")</script>';
    const mail = renderMail('password-reset', locale, { name, link, minutes: 30 });

    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.text).toContain(name);
  });

  it('puts the absolute link, under the base URL, in the button, the fallback and on its own text line', () => {
    expect(link).toBe('https://khadamat.example.test/app/auth/reset-password?token=tok-123');
    const mail = renderMail('password-reset', 'fr', samples['password-reset']);

    expect(mail.html.match(/href="([^"]+)"/g)).toEqual([`href="${link}"`, `href="${link}"`]);
    expect(mail.text.split('\n')).toContain(link);
    expect(mail.text).toContain('Ce lien expire dans 30 minutes');
  });

  it('refuses links that are relative, not web links, or outside the base URL', () => {
    expect(() => renderMail('verify-email', 'en', { name: 'Amina', link: '/auth/verify-email' })).toThrow();
    expect(() => renderMail('verify-email', 'en', { name: 'Amina', link: 'javascript:alert(1)' })).toThrow(/http/);
    expect(() => appLink({ baseUrl: appBaseUrl, path: 'https://evil.example.test/x' })).toThrow(/leaves/);
    expect(appLink({ baseUrl: appBaseUrl, path: '//evil.example.test/x' })).toBe('https://khadamat.example.test/app/evil.example.test/x');
  });

  it('counts minutes with each language’s plural forms', () => {
    expect([1, 2, 5, 15, 100].map((minutes) => formatMinutes({ locale: 'ar', minutes }))).toEqual([
      'دقيقة واحدة',
      'دقيقتين',
      '5 دقائق',
      '15 دقيقة',
      '100 دقيقة',
    ]);
    expect([1, 10].map((minutes) => formatMinutes({ locale: 'fr', minutes }))).toEqual(['1 minute', '10 minutes']);
    expect([1, 10].map((minutes) => formatMinutes({ locale: 'en', minutes }))).toEqual(['1 minute', '10 minutes']);
  });
});

// GSM 03.38 basic alphabet: text limited to it fits 160 characters per segment.
const GSM_7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

describe('SMS templates', () => {
  it.each(LOCALES)('kyc-status SMS says every state in one segment, without links (%s)', (locale) => {
    for (const status of ['submitted', 'in_review', 'verified', 'rejected', 'suspended'] as const) {
      const { text } = renderSms('kyc-status', locale, { status });
      expect(text.length).toBeLessThanOrEqual(locale === 'ar' ? 70 : 160);
      expect(text).not.toMatch(/https?:/);
    }
  });

  it.each(LOCALES)('phone-code fits one segment, without links (%s)', (locale) => {
    const { text } = renderSms('phone-code', locale, { code: '048213', minutes: 10 });

    expect(text).toContain('048213');
    expect(text).toContain('Khadamat');
    expect(text).not.toMatch(/https?:|www\./);
    if (locale === 'ar') {
      expect(text).toMatch(ARABIC);
      expect(text).toContain('10 دقائق');
      expect(text.length).toBeLessThanOrEqual(70);
    } else {
      expect([...text].filter((char) => !GSM_7.has(char))).toEqual([]);
      expect(text.length).toBeLessThanOrEqual(160);
    }
  });
});
