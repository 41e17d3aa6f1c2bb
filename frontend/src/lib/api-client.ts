import { loadContracts } from '@/lib/api/contract-schemas';

/** Anything with a zod-like `parse`: the contracts schemas, or one loaded on demand (`contractSchema()`). */
export interface ResponseSchema<T> {
  parse(input: unknown): T;
  /** Downloads what `parse` needs (a schema loaded on demand); `request()` starts it with the request. */
  load?(): Promise<void>;
}

/** For the answers without a body (204) or whose body says nothing more than "done". */
export const noContent: ResponseSchema<void> = { parse: () => undefined };

/** One entry of a VALIDATION_FAILED error: `path` is a JSON pointer into the request body (`/phone`). */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** An API call that failed: `code` is stable (from the API error shape or one of ours), `message` is for people. */
export class ApiClientError extends Error {
  override readonly name = 'ApiClientError';
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly details: unknown;
  /** The API's Retry-After, in seconds, when it sent one (429, 503, 507). */
  readonly retryAfterSeconds: number | undefined;

  constructor(opts: {
    status: number;
    code: string;
    message: string;
    requestId?: string | undefined;
    details?: unknown;
    cause?: unknown;
    retryAfterSeconds?: number | undefined;
  }) {
    super(opts.message, { cause: opts.cause });
    this.status = opts.status;
    this.code = opts.code;
    this.requestId = opts.requestId;
    this.details = opts.details;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }

  /** A dependency of the API is down for a while: asking again later will work. */
  get temporarilyUnavailable(): boolean {
    return TEMPORARY_CODES.has(this.code);
  }

  /** The fields a VALIDATION_FAILED error names (empty for any other error). */
  get validationIssues(): ValidationIssue[] {
    if (this.code !== 'VALIDATION_FAILED' || !Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is ValidationIssue => typeof d === 'object' && d !== null && typeof d.path === 'string' && typeof d.message === 'string',
    );
  }
}

/** The API's codes for "a dependency is down, try again" (database, cache, full disk). */
export const TEMPORARY_CODES: ReadonlySet<string> = new Set(['DATABASE_UNAVAILABLE', 'CACHE_UNAVAILABLE', 'STORAGE_FULL']);

/** Client-side codes, for failures where the API never answered with its error shape. */
export const CLIENT_ERROR_CODES = {
  network: 'NETWORK_ERROR',
  invalidResponse: 'INVALID_RESPONSE',
} as const;

/**
 * Where the CSRF token comes from. The API wants `X-CSRF-Token: <sessionState.csrfToken>` on
 * every state-changing request made with a session cookie; the token lives in the session
 * state of the query cache, which `createQueryClient()` plugs in here.
 */
export interface CsrfTokenSource {
  /** The token of the session state we hold now, if any. */
  current(): string | undefined;
  /** Reloads the session state (another tab may have signed in) and returns its token. */
  refresh(): Promise<string | undefined>;
}

let csrfTokenSource: CsrfTokenSource = { current: () => undefined, refresh: async () => undefined };

export function setCsrfTokenSource(source: CsrfTokenSource): void {
  csrfTokenSource = source;
}

/** How requests reach the API: `fetch` in the browser; the server renderer plugs in its own (the same API, in process). */
export type ApiTransport = (path: string, init: RequestInit) => Promise<Response>;

let transport: ApiTransport = (path, init) => fetch(path, init);

export function setApiTransport(next: ApiTransport): void {
  transport = next;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const UNSAFE_METHODS: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface RequestOptions {
  method?: Method;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function send(path: string, options: RequestOptions, csrfToken: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  try {
    return await transport(path, {
      method: options.method ?? 'GET',
      headers,
      credentials: 'include',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiClientError({ status: 0, code: CLIENT_ERROR_CODES.network, message: 'Network request failed', cause });
  }
}

async function errorFrom(response: Response, data: unknown): Promise<ApiClientError> {
  // The error shape's schema comes with the contracts (loaded on demand); without it the
  // answer is still an error, by its HTTP status.
  const contracts = await loadContracts().catch(() => undefined);
  const parsed = contracts ? contracts.apiError.safeParse(data) : { success: false as const };
  const retryAfter = Number(response.headers.get('retry-after'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  if (parsed.success) {
    const { code, message, requestId, details } = parsed.data.error;
    return new ApiClientError({ status: response.status, code, message, requestId, details, retryAfterSeconds });
  }
  return new ApiClientError({
    status: response.status,
    code: `HTTP_${response.status}`,
    message: response.statusText || `Request failed with status ${response.status}`,
  });
}

export async function request<T>(path: string, schema: ResponseSchema<T>, options: RequestOptions = {}): Promise<T> {
  const unsafe = UNSAFE_METHODS.has(options.method ?? 'GET');
  const csrfToken = unsafe ? csrfTokenSource.current() : undefined;
  // A schema loaded on demand downloads while the request is on its way.
  const schemaReady = schema.load?.();
  schemaReady?.catch(() => undefined);
  let response = await send(path, options, csrfToken);
  let data = await readJson(response);

  // Our token is missing or stale (the session changed in another tab, or had not loaded
  // yet): reload the session state once and try again with its token.
  if (unsafe && response.status === 403 && (await errorFrom(response, data)).code === 'CSRF_TOKEN_INVALID') {
    const fresh = await csrfTokenSource.refresh().catch(() => undefined);
    if (fresh && fresh !== csrfToken) {
      response = await send(path, options, fresh);
      data = await readJson(response);
    }
  }

  if (!response.ok) throw await errorFrom(response, data);

  try {
    await schemaReady;
  } catch (cause) {
    // The schema could not be downloaded (the network went away): the answer cannot be checked.
    throw new ApiClientError({ status: 0, code: CLIENT_ERROR_CODES.network, message: 'Network request failed', cause });
  }
  try {
    return schema.parse(data);
  } catch (cause) {
    throw new ApiClientError({
      status: response.status,
      code: CLIENT_ERROR_CODES.invalidResponse,
      message: `Unexpected response from ${path}`,
      cause,
    });
  }
}

type WithoutBody = Omit<RequestOptions, 'method' | 'body'>;

export const apiClient = {
  get: <T>(path: string, schema: ResponseSchema<T>, options?: WithoutBody) => request(path, schema, { ...options, method: 'GET' }),
  post: <T>(path: string, schema: ResponseSchema<T>, body?: unknown, options?: WithoutBody) =>
    request(path, schema, { ...options, method: 'POST', body }),
  patch: <T>(path: string, schema: ResponseSchema<T>, body: unknown, options?: WithoutBody) =>
    request(path, schema, { ...options, method: 'PATCH', body }),
  put: <T>(path: string, schema: ResponseSchema<T>, body: unknown, options?: WithoutBody) =>
    request(path, schema, { ...options, method: 'PUT', body }),
  delete: <T>(path: string, schema: ResponseSchema<T>, body?: unknown, options?: WithoutBody) =>
    request(path, schema, { ...options, method: 'DELETE', body }),
};
