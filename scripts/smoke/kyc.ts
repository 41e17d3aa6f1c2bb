// Provider verification: a provider's onboarding status answers (and only for providers),
// and the admin review queue refuses a caller outside ADMIN_IP_ALLOWLIST. Locally the
// target is on loopback, whose allowlist is 127.0.0.1 and ::1: the refusal is checked
// from 127.0.0.2, another loopback address. Elsewhere the runner is expected outside the
// admin networks (SMOKE_OUTSIDE_ADMIN_NETWORK=false when it is not: the check is skipped).
import { randomInt } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { expectStatus, expectThat, envFlag, fail, skip, type SmokeCheck, type SmokeContext } from './lib';

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A GET sent from `localAddress` (another loopback address locally), outside fetch, which cannot choose it. */
function getFrom(ctx: SmokeContext, path: string, localAddress: string | undefined): Promise<{ status: number; body: string }> {
  const url = new URL(`${ctx.target.baseUrl}${path}`);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'GET',
        localAddress,
        headers: { accept: 'application/json' },
        timeout: ctx.target.timeoutMs,
        ...(url.hostname === 'localhost' ? { host: '127.0.0.1' } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function waitForVerificationToken({ request }: SmokeContext, recipient: string): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const res = await request(`/api/smoke/mailbox?recipient=${encodeURIComponent(recipient)}`);
    expectStatus(res, 200, 'local inbox');
    const message = (res.json as { messages: { text: string }[] }).messages.find((m) => m.text.includes('verify-email?token='));
    if (message) return /token=([A-Za-z0-9_-]+)/.exec(message.text)![1]!;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return fail('the verification mail did not arrive within 10 s');
}

export const kycChecks: SmokeCheck[] = [
  {
    name: 'kyc: a new provider sees their onboarding status (draft, what is missing); anonymous callers get 401',
    run: async (ctx) => {
      const anonymous = await ctx.request('/api/kyc/me');
      expectStatus(anonymous, 401, 'onboarding status without a session');
      if (!ctx.target.smokeRoutes) {
        // No sign-up by mail here: the smoke account is a client, which the route refuses.
        const user = ctx.target.user;
        if (!user) return skip('SMOKE_USER_EMAIL/PASSWORD not set');
        const signIn = await ctx.request('/api/auth/sign-in', json(user));
        expectStatus(signIn, 200, 'sign in');
        const cookie = signIn.headers
          .getSetCookie()
          .find((c) => c.startsWith('__Host-khadamat_session='))!
          .split(';')[0]!;
        expectStatus(await ctx.request('/api/kyc/me', { headers: { cookie } }), 403, 'onboarding status as a client');
        return 'the smoke client is refused (403)';
      }
      const email = `smoke-provider-${Date.now()}-${randomInt(1e6)}@example.test`;
      const phone = `+2126${String(randomInt(1e8)).padStart(8, '0')}`;
      const signUp = await ctx.request(
        '/api/auth/sign-up',
        json({ role: 'provider', name: 'Smoke Provider', email, phone, password: `smoke pass ${randomInt(1e9)}`, locale: 'fr' }),
      );
      expectStatus(signUp, 202, 'provider sign up');
      const verified = await ctx.request('/api/auth/verify-email', json({ token: await waitForVerificationToken(ctx, email) }));
      expectStatus(verified, 200, 'verify email');
      const cookie = verified.headers
        .getSetCookie()
        .find((c) => c.startsWith('__Host-khadamat_session='))
        ?.split(';')[0];
      if (!cookie) return fail('no session after the verification link');
      const status = await ctx.request('/api/kyc/me', { headers: { cookie } });
      expectStatus(status, 200, 'onboarding status');
      const body = status.json as { status: string; missing: string[]; actions: string[] };
      expectThat(body.status === 'draft', `a new provider's status is ${body.status}, not draft`);
      expectThat(body.missing.includes('profile') && body.missing.includes('selfie'), `missing: ${body.missing.join(', ')}`);
      return `draft, missing ${body.missing.join(', ')}`;
    },
  },
  {
    name: 'kyc: the admin review queue refuses a caller outside the admin allowlist (403 ADMIN_NETWORK_FORBIDDEN)',
    run: async (ctx) => {
      const url = new URL(ctx.target.baseUrl);
      const local = LOOPBACK.has(url.hostname);
      if (!local && !envFlag(process.env.SMOKE_OUTSIDE_ADMIN_NETWORK, true)) return skip('the runner is inside the admin networks');
      const from = local ? '127.0.0.2' : undefined;
      for (const path of ['/api/admin/kyc/queue', '/api/admin/kyc/queue?status=in_review']) {
        const res = await getFrom(ctx, path, from);
        expectThat(res.status === 403, `${path} answered ${res.status} from ${from ?? 'this runner'}`);
        const code = (JSON.parse(res.body) as { error?: { code?: string } }).error?.code;
        expectThat(code === 'ADMIN_NETWORK_FORBIDDEN', `${path}: code ${code}`);
      }
      return `refused from ${from ?? 'this runner'}`;
    },
  },
];
