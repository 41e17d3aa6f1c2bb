// Accounts end to end: locally a fresh user signs up and verifies the email through the
// local inbox (/api/smoke/mailbox); in staging/production the pre-provisioned SMOKE_USER_*
// account (see `npm run smoke:user`) is used, since smoke routes do not exist there.
import { randomInt } from 'node:crypto';
import { expectStatus, expectThat, fail, type SmokeCheck, type SmokeContext, type SmokeResponse } from './lib';

function cookieOf(res: SmokeResponse): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-khadamat_session='));
  if (!cookie) fail(`no session cookie (HTTP ${res.status})`);
  return cookie.split(';')[0]!;
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function waitForMail({ request }: SmokeContext, recipient: string): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const res = await request(`/api/smoke/mailbox?recipient=${encodeURIComponent(recipient)}`);
    expectStatus(res, 200, 'local inbox');
    const message = (res.json as { messages: { text: string }[] }).messages.find((m) => m.text.includes('verify-email?token='));
    if (message) return /token=([A-Za-z0-9_-]+)/.exec(message.text)![1]!;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return fail('the verification mail did not arrive within 10 s');
}

async function signUpAndVerify(ctx: SmokeContext): Promise<{ email: string; password: string }> {
  const email = `smoke-${Date.now()}-${randomInt(1e6)}@example.test`;
  const password = `smoke pass ${randomInt(1e9)}`;
  const phone = `+2126${String(randomInt(1e8)).padStart(8, '0')}`;
  const signUp = await ctx.request('/api/auth/sign-up', json({ role: 'client', name: 'Smoke Test', email, phone, password, locale: 'fr' }));
  // 202 and no session, whether or not the address is known; the mailed link verifies (and signs in).
  expectStatus(signUp, 202, 'sign up');
  const token = await waitForMail(ctx, email);
  expectStatus(await ctx.request('/api/auth/verify-email', json({ token })), 200, 'verify email');
  return { email, password };
}

/** A signed-in session: a fresh verified user locally, the SMOKE_USER account elsewhere. */
export async function signedIn(ctx: SmokeContext): Promise<{ cookie: string; csrfToken: string }> {
  const credentials = ctx.target.smokeRoutes ? await signUpAndVerify(ctx) : ctx.target.user;
  if (!credentials) return fail('SMOKE_USER_EMAIL and SMOKE_USER_PASSWORD are required where smoke routes are off');
  const res = await ctx.request('/api/auth/sign-in', json(credentials));
  expectStatus(res, 200, 'sign in');
  return { cookie: cookieOf(res), csrfToken: (res.json as { csrfToken: string }).csrfToken };
}

export const accountChecks: SmokeCheck[] = [
  {
    name: 'accounts: sign up → verify email → sign in → profile → sign out',
    run: async (ctx) => {
      const { target, request } = ctx;
      const credentials = target.smokeRoutes ? await signUpAndVerify(ctx) : target.user;
      if (!credentials) return fail('SMOKE_USER_EMAIL and SMOKE_USER_PASSWORD are required where smoke routes are off');

      const signIn = await request('/api/auth/sign-in', json(credentials));
      expectStatus(signIn, 200, 'sign in');
      const cookie = cookieOf(signIn);
      const { csrfToken } = signIn.json as { csrfToken: string };
      const session = await request('/api/auth/session', { headers: { cookie } });
      expectStatus(session, 200, 'session');
      const user = (session.json as { user: { name: string; emailVerified: boolean } }).user;
      expectThat(user.emailVerified, 'the email is not verified');

      const profile = await request('/api/me', {
        method: 'PATCH',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({ name: user.name }),
      });
      expectStatus(profile, 200, 'profile update');

      expectStatus(
        await request('/api/auth/sign-out', { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } }),
        204,
        'sign out',
      );
      expectStatus(await request('/api/auth/session', { headers: { cookie } }), 401, 'session after sign-out');
      return target.smokeRoutes ? 'fresh user through the local inbox' : 'SMOKE_USER account';
    },
  },
];
