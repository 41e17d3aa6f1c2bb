import { apiError } from '@khadamat/contracts';

/** Anything with a zod-like `parse`: the contracts schemas. */
export interface ResponseSchema<T> {
  parse(input: unknown): T;
}

/** An API call that failed: `code` is stable (from the API error shape or one of ours), `message` is for people. */
export class ApiClientError extends Error {
  override readonly name = 'ApiClientError';
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;

  constructor(opts: { status: number; code: string; message: string; requestId?: string | undefined; cause?: unknown }) {
    super(opts.message, { cause: opts.cause });
    this.status = opts.status;
    this.code = opts.code;
    this.requestId = opts.requestId;
  }
}

/** Client-side codes, for failures where the API never answered with its error shape. */
export const CLIENT_ERROR_CODES = {
  network: 'NETWORK_ERROR',
  invalidResponse: 'INVALID_RESPONSE',
} as const;

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
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

export async function request<T>(path: string, schema: ResponseSchema<T>, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
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

  const data = await readJson(response);

  if (!response.ok) {
    const parsed = apiError.safeParse(data);
    if (parsed.success) {
      const { code, message, requestId } = parsed.data.error;
      throw new ApiClientError({ status: response.status, code, message, requestId });
    }
    throw new ApiClientError({
      status: response.status,
      code: `HTTP_${response.status}`,
      message: response.statusText || `Request failed with status ${response.status}`,
    });
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

export const apiClient = {
  get: <T>(path: string, schema: ResponseSchema<T>, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request(path, schema, { ...options, method: 'GET' }),
};
