// The public catalogue: seeded reference data reaches the API in all three languages.
import { expectStatus, expectThat, fail, type SmokeCheck } from './lib';

interface CategoryNode {
  slug?: string;
  name?: Record<string, unknown>;
  children?: CategoryNode[];
}

const LOCALES = ['fr', 'ar', 'en'] as const;

function* walk(nodes: CategoryNode[]): Generator<CategoryNode> {
  for (const node of nodes) {
    yield node;
    yield* walk(node.children ?? []);
  }
}

export const catalogueChecks: SmokeCheck[] = [
  {
    name: 'catalogue: GET /api/categories lists categories named in fr, ar and en',
    run: async ({ request }) => {
      const res = await request('/api/categories');
      expectStatus(res, 200, '/api/categories');
      const categories = (res.json as { categories?: CategoryNode[] } | undefined)?.categories;
      expectThat(Array.isArray(categories), 'the body has no categories array');
      expectThat(categories.length > 0, 'no category at all: was the database seeded (npm run seed)?');
      let count = 0;
      for (const node of walk(categories)) {
        count++;
        const missing = LOCALES.filter((l) => typeof node.name?.[l] !== 'string' || !(node.name[l] as string).trim());
        if (missing.length) fail(`category ${node.slug ?? '?'} has no name in ${missing.join(', ')}`);
      }
      return `${categories.length} top-level, ${count} in all`;
    },
  },
];
