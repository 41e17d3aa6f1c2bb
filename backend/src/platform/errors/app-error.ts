export interface AppErrorOptions {
  /** Headers sent with the error answer (e.g. Retry-After on a 429 or a 503). */
  headers?: Record<string, string>;
  /**
   * A 5xx the server chose to give (load shedding), not a fault: logged as a warning,
   * not reported to Sentry, and its message reaches the client.
   */
  shed?: boolean;
}

/**
 * The one error type services throw. The error handler maps it to HTTP: clients get
 * `{ error: { code, message } }` with a stable code, never a stack trace.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message?: string,
    readonly details?: unknown,
    readonly options: AppErrorOptions = {},
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', 404, `${what} not found`);
