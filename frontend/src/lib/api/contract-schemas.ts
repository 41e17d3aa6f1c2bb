import type * as ContractsModule from '@khadamat/contracts';
import type { ResponseSchema } from '@/lib/api-client';

/** The contracts package: its zod schemas, and zod with them. */
export type Contracts = typeof ContractsModule;

let loading: Promise<Contracts> | undefined;

/**
 * The contracts' schemas, a chunk of their own (zod is most of it): the public pages render
 * without them, and they load with the first API answer the browser checks, while that request
 * is on its way. A failed download is tried again at the next request.
 */
export function loadContracts(): Promise<Contracts> {
  loading ??= import('@khadamat/contracts').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * An answer's schema, taken from the contracts when it is needed: `contractSchema((c) => c.searchResult)`
 * checks the answer as `searchResult` does, without the page's first bundle importing zod.
 * `request()` calls `load()` when it sends the request and `parse()` once both are done.
 */
export function contractSchema<T>(pick: (contracts: Contracts) => { parse(input: unknown): T }): ResponseSchema<T> {
  let schema: { parse(input: unknown): T } | undefined;
  return {
    load: async () => {
      schema ??= pick(await loadContracts());
    },
    parse: (input) => {
      if (!schema) throw new Error('The response schema is not loaded yet');
      return schema.parse(input);
    },
  };
}
