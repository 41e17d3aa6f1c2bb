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
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', 404, `${what} not found`);
