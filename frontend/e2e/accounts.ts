import { expect, type APIRequestContext, type Page } from '@playwright/test';
import type { Locale } from './app';

/** Helpers for the account specs: unique people, the local inbox, API shortcuts. */

export interface Person {
  name: string;
  email: string;
  phone: string;
  password: string;
}

let counter = 0;

/** Someone nobody else in the run uses: their email and phone are unique. */
export function newPerson(label: string, name = 'Amina Benali'): Person {
  const stamp = `${Date.now()}${(counter++ % 10).toString()}`;
  return {
    name,
    email: `${label}-${stamp}@example.com`,
    // +212 6xx xx xx xx: a Moroccan mobile number
    phone: `+2126${stamp.slice(-8)}`,
    password: `Atlas-${stamp.slice(-6)}-Tajine!`,
  };
}

/** "+212 6 12 34 56 78": how people type it; the form must accept it. */
export function spacedPhone(phone: string): string {
  return `${phone.slice(0, 4)} ${phone.slice(4, 5)} ${phone.slice(5).replace(/(\d{2})(?=\d)/g, '$1 ')}`;
}

/**
 * Creates the account through the API and signs in as it: sign-up answers 202 without a
 * session, so this follows the verification link of the mail in the local inbox, which
 * verifies the email and signs in. With `page.request` the browser is signed in as this
 * person (it shares the page's cookies); with the `request` fixture it is not.
 */
export async function signUpViaApi(
  request: APIRequestContext,
  person: Person,
  { role = 'client', locale = 'fr' }: { role?: 'client' | 'provider'; locale?: Locale } = {},
) {
  const response = await request.post('/api/auth/sign-up', { data: { role, locale, ...person } });
  expect(response.status(), await response.text()).toBe(202);
  const mail = await waitForMessage(request, person.email, (m) => m.channel === 'email' && m.text.includes('/verify-email?token='));
  const token = new URL(linkInMail(mail, '/verify-email')).searchParams.get('token');
  const verified = await request.post('/api/auth/verify-email', { data: { token } });
  expect(verified.status(), await verified.text()).toBe(200);
  return (await verified.json()) as { csrfToken: string; user: { id: string } };
}

export interface CapturedMessage {
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}

/** Polls the local inbox (smoke route) until a message for `recipient` matches; the outbox sends within a second or so. */
export async function waitForMessage(
  request: APIRequestContext,
  recipient: string,
  matches: (message: CapturedMessage) => boolean = () => true,
): Promise<CapturedMessage> {
  let found: CapturedMessage | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get('/api/smoke/mailbox', { params: { recipient } });
        expect(response.ok(), 'the local inbox needs SMOKE_ROUTES_ENABLE=true').toBe(true);
        const { messages } = (await response.json()) as { messages: CapturedMessage[] };
        found = messages.find(matches); // newest first
        return found !== undefined;
      },
      { message: `a message to ${recipient}`, timeout: 15_000, intervals: [200, 300, 500, 1_000] },
    )
    .toBe(true);
  return found!;
}

/** The link to `path` (with its token) in a mail's text. */
export function linkInMail(message: CapturedMessage, path: string): string {
  const link = message.text.match(new RegExp(`https?://\\S+${path}\\?token=[\\w-]+`))?.[0];
  if (!link) throw new Error(`No ${path} link in:\n${message.text}`);
  return link;
}

/** The 6-digit code in an SMS. */
export function codeInSms(message: CapturedMessage): string {
  const code = message.text.match(/\b\d{6}\b/)?.[0];
  if (!code) throw new Error(`No code in: ${message.text}`);
  return code;
}

/** Makes every page of this test open in `locale` (as if chosen earlier with the switch). */
export async function useLocaleFromStart(page: Page, locale: Locale): Promise<void> {
  // The same address as playwright.config.ts: the cookie the language switch sets.
  const url = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:4173';
  await page.context().addCookies([{ name: 'khadamat_locale', value: locale, url }]);
}

export async function signInWithForm(page: Page, person: Pick<Person, 'email' | 'password'>): Promise<void> {
  await page.getByLabel('Adresse e-mail').fill(person.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(person.password);
  await page.getByRole('main').getByRole('button', { name: 'Se connecter' }).click();
}
