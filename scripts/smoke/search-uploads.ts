// Search answers, and the upload pipeline takes a clean image and (antivirus on) refuses
// the EICAR test file. EICAR is assembled here from parts, never stored as one string.
import { signedIn } from './accounts';
import { envFlag, expectStatus, expectThat, type SmokeCheck } from './lib';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const eicar = () => Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS', '-TEST-FILE!$H+H*'].join(''), 'latin1');

function form(bytes: Buffer, name: string, type: string): FormData {
  const body = new FormData();
  body.append('file', new Blob([bytes], { type }), name);
  return body;
}

export const searchUploadChecks: SmokeCheck[] = [
  {
    name: 'search: GET /api/search/services answers with results and facets',
    run: async ({ request }) => {
      const res = await request('/api/search/services?q=plomberie&limit=5');
      expectStatus(res, 200, 'search');
      const body = res.json as { total: number; results: unknown[]; facets: { categories: unknown[] } };
      // A fresh production catalogue (reference data only) has no services yet.
      if (envFlag(process.env.SMOKE_EXPECT_SEARCH_RESULTS, true))
        expectThat(body.total > 0 && body.results.length > 0, 'no result for "plomberie"');
      const suggestions = await request('/api/search/suggestions?q=plom');
      expectStatus(suggestions, 200, 'suggestions');
      return `${body.total} results, ${body.facets.categories.length} category facets`;
    },
  },
  {
    name: 'uploads: a clean image is stored and served; with antivirus on, EICAR is refused',
    run: async (ctx) => {
      const { cookie, csrfToken } = await signedIn(ctx);
      const headers = { cookie, 'x-csrf-token': csrfToken };
      const clean = await ctx.request('/api/uploads?kind=avatar', { method: 'POST', headers, body: form(PNG, 'smoke.png', 'image/png') });
      expectStatus(clean, 201, 'clean image upload');
      const upload = clean.json as { id: string; url: string; mimeType: string };
      const served = await ctx.request(upload.url);
      expectStatus(served, 200, 'uploaded file');
      expectThat(served.headers.get('x-content-type-options') === 'nosniff', 'uploaded file served without nosniff');
      expectStatus(await ctx.request(`/api/uploads/${upload.id}`, { method: 'DELETE', headers }), 204, 'delete the upload');

      if (!envFlag(process.env.SMOKE_EXPECT_ANTIVIRUS, false))
        return 'clean image stored and served; EICAR not tried (SMOKE_EXPECT_ANTIVIRUS is not true)';
      const infected = await ctx.request('/api/uploads?kind=avatar', {
        method: 'POST',
        headers,
        body: form(eicar(), 'eicar.png', 'image/png'),
      });
      expectStatus(infected, 422, 'EICAR upload');
      expectThat(
        (infected.json as { error?: { code?: string } }).error?.code === 'UPLOAD_INFECTED',
        `unexpected answer: ${infected.text.slice(0, 160)}`,
      );
      await ctx.request('/api/auth/sign-out', { method: 'POST', headers });
      return `clean ${upload.mimeType} stored and served; EICAR refused`;
    },
  },
];
