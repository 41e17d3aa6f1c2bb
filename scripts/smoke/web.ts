// The built web client, served by the API on the same port.
import { expectStatus, expectThat, skip, type SmokeCheck } from './lib';

export const webChecks: SmokeCheck[] = [
  {
    name: 'web client: GET / returns the HTML shell',
    run: async ({ request, target }) => {
      if (!target.expectWeb) skip('SMOKE_EXPECT_WEB=false');
      const res = await request('/', { headers: { accept: 'text/html' } });
      expectStatus(res, 200, '/ (is frontend/dist built?)');
      expectThat((res.headers.get('content-type') ?? '').includes('text/html'), `content-type is ${res.headers.get('content-type')}`);
      expectThat(/<html[\s>]/i.test(res.text), 'the body is not an HTML document');
    },
  },
];
