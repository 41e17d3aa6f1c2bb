import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { switchLanguage } from './app';
import { newPerson, signUpViaApi } from './accounts';
import { freshTotpCode, totpCode, totpStep } from './totp';

const backendDir = fileURLToPath(new URL('../../backend', import.meta.url));

interface Admin {
  email: string;
  name: string;
  password: string;
}

function newAdmin(label: string): Admin {
  const stamp = `${Date.now()}-${label}`;
  return { email: `admin-e2e-${stamp}@example.com`, name: `Admin ${label}`, password: `Admin-e2e-${stamp}-Kasbah!` };
}

/**
 * No API creates an admin: the operator CLI does, on the e2e server's database
 * (scripts/start-e2e.mjs: DATABASE_URL=file:./.tmp/e2e.db, relative to backend/), with the
 * password on standard input. A stack at E2E_BASE_URL has its own: set E2E_DATABASE_URL.
 */
function createAdmin(admin: Admin): void {
  execFileSync(process.execPath, ['dist/admin-create.js', '--email', admin.email, '--name', admin.name], {
    cwd: backendDir,
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? 'file:./.tmp/e2e.db' },
    input: admin.password,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Enrols the admin's TOTP through the API, outside the browser: what an earlier visit would have done. */
async function enrolThroughApi(request: APIRequestContext, admin: Admin) {
  const signIn = await request.post('/api/auth/sign-in', { data: { email: admin.email, password: admin.password } });
  expect(signIn.status()).toBe(200);
  const headers = { 'x-csrf-token': ((await signIn.json()) as { csrfToken: string }).csrfToken };
  const enrol = await request.post('/api/admin/mfa/enrol', { headers });
  expect(enrol.status()).toBe(200);
  const { secret } = (await enrol.json()) as { secret: string };
  const step = totpStep();
  const code = totpCode(secret, step);
  const confirm = await request.post('/api/admin/mfa/confirm', { headers, data: { code } });
  expect(confirm.status(), await confirm.text()).toBe(200);
  const { recoveryCodes } = (await confirm.json()) as { recoveryCodes: string[] };
  return { secret, step, code, recoveryCodes };
}

async function signInAsAdmin(page: Page, admin: Admin): Promise<void> {
  await page.goto('/admin/sign-in');
  await page.getByLabel('Adresse e-mail').fill(admin.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Continuer' }).click();
}

/** axe in French, then in Arabic, then back to French for the rest of the test. */
async function expectAccessibleInFrenchAndArabic(page: Page, context: string): Promise<void> {
  await expectNoAxeViolations(page, `${context}, fr`);
  await switchLanguage(page, 'ar');
  await expectNoAxeViolations(page, `${context}, ar`);
  await switchLanguage(page, 'fr');
}

const firstTimer = newAdmin('first');
const returning = newAdmin('returning');

test.beforeAll(() => {
  createAdmin(firstTimer);
  createAdmin(returning);
});

test('admin first sign-in: password, TOTP enrolment with the QR code, recovery codes once, then the admin home', async ({ page }) => {
  test.slow();
  const banner = page.getByRole('banner');

  // The admin home sends a signed-out visitor to the admin sign-in
  await page.goto('/admin');
  await expect(page).toHaveURL('/fr/admin/sign-in');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administration');
  await expectAccessibleInFrenchAndArabic(page, 'admin sign-in');

  await signInAsAdmin(page, firstTimer);
  const enrol = page.getByRole('region', { name: 'Configurer le second facteur' });
  await expect(enrol.getByRole('img', { name: 'Code QR à scanner avec votre application d’authentification' })).toBeVisible();
  const secret = ((await enrol.locator('code.secret').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessibleInFrenchAndArabic(page, 'admin MFA enrolment');

  // A malformed code is refused next to the field
  const codeField = enrol.getByLabel('Code à 6 chiffres');
  await codeField.fill('12345');
  await enrol.getByRole('button', { name: 'Activer' }).click();
  await expect(codeField).toHaveAttribute('aria-invalid', 'true');
  await expect(codeField).toHaveAccessibleDescription('Le code contient 6 chiffres.');

  await codeField.fill(totpCode(secret));
  await enrol.getByRole('button', { name: 'Activer' }).click();

  const recovery = page.getByRole('region', { name: 'Codes de secours' });
  await expect(recovery.getByRole('heading', { name: 'Codes de secours' })).toBeFocused();
  const list = recovery.getByRole('list', { name: 'Vos codes de secours' });
  await expect(list.getByRole('listitem')).toHaveCount(10);
  const firstCode = ((await list.getByRole('listitem').first().textContent()) ?? '').trim();
  expect(firstCode).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{3,4}$/); // the API makes 4-4-3 today
  await expectAccessibleInFrenchAndArabic(page, 'admin recovery codes');
  await recovery.getByRole('button', { name: 'Je les ai enregistrés' }).click();

  await expect(page).toHaveURL('/fr/admin');
  await expect(page).toHaveTitle('Administration · Khadamat');
  await expect(page.getByRole('table', { name: 'Journal d’audit récent' })).toContainText('auth.mfa_enrolled');
  await expect(banner.getByRole('link', { name: 'Administration' })).toBeVisible();
  await expectAccessibleInFrenchAndArabic(page, 'admin home');

  await banner.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL('/fr');
  await page.goto('/admin');
  await expect(page).toHaveURL('/fr/admin/sign-in');
});

test('admin next sign-ins: a fresh TOTP code (a reused one is refused), or a recovery code', async ({ page, request }) => {
  test.slow(); // may wait up to 30 s for the next TOTP step
  const enrolment = await enrolThroughApi(request, returning);
  const banner = page.getByRole('banner');

  await signInAsAdmin(page, returning);
  const verify = page.getByRole('region', { name: 'Second facteur' });
  await expect(verify).toBeVisible();
  // Nothing else opens until the second factor passes
  await page.goto('/account');
  await expect(page).toHaveURL('/fr/admin/sign-in');
  await expectAccessibleInFrenchAndArabic(page, 'admin second factor');

  // The code already used (at enrolment) is refused: each step's code works once
  const codeField = verify.getByLabel('Code à 6 chiffres');
  await codeField.fill(enrolment.code);
  await verify.getByRole('button', { name: 'Valider' }).click();
  await expect(codeField).toHaveAttribute('aria-invalid', 'true');
  await expect(codeField).toHaveAccessibleDescription(/Ce code n’est pas le bon/);
  await expect(codeField).toBeFocused();

  const fresh = await freshTotpCode(enrolment.secret, enrolment.step);
  await codeField.fill(fresh.code);
  await verify.getByRole('button', { name: 'Valider' }).click();
  await expect(page).toHaveURL('/fr/admin');
  await expect(page.getByRole('table', { name: 'Journal d’audit récent' })).toContainText('auth.mfa_verified');

  // The back office's view of the job table: what failed, what waits, what went out.
  const member = newPerson('deliveries');
  // Signed out (this test's request context holds the admin's session): its verification mail goes out.
  const anonymous = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  await signUpViaApi(anonymous, member);
  await anonymous.dispose();
  await page.getByRole('navigation', { name: 'Outils' }).getByRole('link', { name: 'Envois en échec' }).click();
  await expect(page).toHaveURL('/fr/admin/deliveries');
  await expect(page.getByRole('heading', { level: 1, name: 'Envois en échec' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'en échec' })).toBeVisible();
  await page.getByLabel('État').selectOption({ label: 'Envoyés' });
  await page.getByLabel('Canal').selectOption({ label: 'Courriel' });
  // Listed by recipient and template, never by content.
  const sent = page.getByRole('table');
  await expect(sent.getByRole('row').filter({ hasText: member.email })).toContainText('verify-email');
  await expect(sent.getByRole('button', { name: /Relancer/ })).toHaveCount(0);
  await expectAccessibleInFrenchAndArabic(page, 'admin deliveries');

  // Without the phone: a recovery code
  await banner.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(banner.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await signInAsAdmin(page, returning);
  await verify.getByRole('button', { name: 'Utiliser un code de secours' }).click();
  await verify.getByLabel('Code de secours').fill(enrolment.recoveryCodes[0]!);
  await verify.getByRole('button', { name: 'Valider' }).click();
  await expect(page).toHaveURL('/fr/admin');
  await expect(page.getByRole('table', { name: 'Journal d’audit récent' })).toContainText('auth.mfa_recovery_code_used');
});

test('a signed-in member cannot reach the admin home', async ({ page }) => {
  await signUpViaApi(page.request, newPerson('not-admin'));
  await page.goto('/admin');
  await expect(page).toHaveURL('/fr/admin/sign-in');
  await expect(page.getByRole('alert')).toContainText('Ce compte n’est pas un compte administrateur.');
  const audit = await page.request.get('/api/admin/audit');
  expect(audit.status()).toBe(403);
  expect(((await audit.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
});

// The real "not from an allowlisted network" refusal cannot be shown from here: the e2e
// server trusts no proxy (TRUST_PROXY unset) and the browser always comes from loopback,
// which is allowlisted locally; the backend tests cover the refusal itself. This shows that
// claiming another address in X-Forwarded-For changes nothing.
test('a spoofed X-Forwarded-For does not change who the admin API thinks is calling', async ({ page }) => {
  const response = await page.request.get('/api/admin/audit', { headers: { 'x-forwarded-for': '203.0.113.9' } });
  expect(response.status()).toBe(401); // loopback, allowlisted: judged as the anonymous caller it is
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
});
