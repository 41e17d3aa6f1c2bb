import { z } from 'zod';

/** Every error the API sends has this shape; `code` is stable, `message` is for people. */
export const apiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string().optional(),
    details: z.unknown().optional(),
  }),
});
export type ApiError = z.infer<typeof apiError>;

/**
 * The error body exactly as the API sends it, with the request id always there (`apiError`
 * stays lenient for clients reading answers that may come from a proxy). It is the
 * `ApiError` component of the OpenAPI document.
 */
export const apiErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe('Stable, machine-readable: VALIDATION_FAILED, NOT_FOUND, RATE_LIMITED…'),
      message: z.string().describe('For people; never a stack trace or an internal detail'),
      requestId: z.string().describe('The x-request-id of the answer, to quote when reporting a problem'),
      details: z.unknown().optional().describe('VALIDATION_FAILED: the problems, each { path (a JSON pointer), message }'),
    }),
  })
  .meta({ id: 'ApiError' });

/** Error statuses the API uses, with what each means across the API. */
export const ERROR_STATUSES = {
  400: 'The request is not valid: VALIDATION_FAILED (with details), INVALID_JSON, or a code naming the rule it breaks',
  401: 'Not signed in (UNAUTHENTICATED), or credentials that do not match',
  403: 'Not allowed: FORBIDDEN, MFA_REQUIRED, MFA_ENROLMENT_REQUIRED, CSRF_TOKEN_INVALID, CSRF_ORIGIN_REFUSED, ADMIN_NETWORK_FORBIDDEN',
  404: 'NOT_FOUND: nothing here, or nothing the caller may see',
  409: 'Conflicts with the current state',
  410: 'GONE: it was here and has been removed for good',
  413: 'PAYLOAD_TOO_LARGE: the body is over the size limit',
  415: 'UNSUPPORTED_MEDIA_TYPE: the body is not in a content type this operation reads',
  422: 'Understood but refused',
  429: 'RATE_LIMITED, or a limit of this action: try again later',
  500: 'INTERNAL_ERROR: nothing about the cause is sent (it is logged and reported with the request id)',
  503: 'SERVICE_UNAVAILABLE: the server is shutting down or a dependency is down; try again',
} as const;
export type ErrorStatus = keyof typeof ERROR_STATUSES;

/** One error response in a route's `response` map: the standard body, described. */
export function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: apiErrorBody } } };
}

/**
 * Error responses for a route's `response` map, from statuses (described as in
 * ERROR_STATUSES) or statuses with what they mean for this operation:
 * `...errorResponses({ 409: 'EMAIL_TAKEN or PHONE_TAKEN' })`, `...errorResponses([404])`.
 * The statuses the platform itself produces (validation, access, body limits, rate limits)
 * are added to every route from its declaration (backend/src/platform/http/api-contract.ts).
 */
export function errorResponses<S extends ErrorStatus>(
  statuses: readonly S[] | { [K in S]?: string },
): Record<S, ReturnType<typeof errorResponse>> {
  const entries: [S, string][] = Array.isArray(statuses)
    ? (statuses as readonly S[]).map((status) => [status, ERROR_STATUSES[status]])
    : (Object.entries(statuses) as unknown as [S, string][]);
  return Object.fromEntries(entries.map(([status, description]) => [status, errorResponse(description)])) as Record<
    S,
    ReturnType<typeof errorResponse>
  >;
}

/** Whether a route's response entry is one of these (the standard error body). */
export function isErrorResponse(entry: unknown): boolean {
  const content = (entry as { content?: Record<string, { schema?: unknown }> } | undefined)?.content;
  return content?.['application/json']?.schema === apiErrorBody;
}
