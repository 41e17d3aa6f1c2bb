import { ERROR_STATUSES, errorResponse, isErrorResponse, type ErrorStatus } from '@khadamat/contracts';
import { STATUS_CODES } from 'node:http';
import type { SwaggerOptions } from '@fastify/swagger';
import type { RouteOptions } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isAdminPath } from '../../modules/accounts/access';
import { SESSION_COOKIE } from '../../modules/accounts/sessions.service';

declare module 'fastify' {
  interface FastifySchema {
    /** Documents a multipart/form-data body that the handler reads itself (never validated by Fastify). */
    multipartBody?: z.ZodType;
  }
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SECURITY_SCHEMES = {
  session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session, set by sign-up and sign-in' },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: 'The `csrfToken` of the session state, echoed on every POST, PATCH, PUT and DELETE of a signed-in caller',
  },
} as const;

const TAGS = [
  { name: 'catalogue', description: 'Categories, cities, published services and provider pages; providers manage their own services' },
  { name: 'accounts', description: 'Sign-up, sign-in, sessions and the signed-in user’s own account' },
  { name: 'admin', description: 'The admin area: allowlisted networks, admins with a second factor' },
  { name: 'search', description: 'Searching published services, and suggestions while typing' },
  { name: 'uploads', description: 'Files: uploading, downloading private ones, serving public ones' },
  { name: 'ops', description: 'Liveness and readiness, for load balancers and monitoring' },
];

type Access = NonNullable<RouteOptions['config']>['access'];
type ResponseEntry = { description?: string; content?: unknown };

const pathParams = (url: string) => /[:*]/.test(url);

/** What the platform itself can answer on a route, from its declaration alone (app.ts, access.ts, the error handler). */
function platformErrors(route: RouteOptions, methods: string[]): [ErrorStatus, string][] {
  const { url, schema = {} } = route;
  const access = route.config?.access as Access;
  const isApi = url.startsWith('/api/');
  const unsafe = methods.some((m) => BODY_METHODS.has(m));
  const rule = access === undefined || access === 'public' || access === 'session' ? {} : access;
  const errors: [ErrorStatus, string][] = [];
  if (schema.params || schema.querystring || schema.body)
    errors.push([400, 'VALIDATION_FAILED: an input breaks the schema (`details` names each problem)']);
  if (unsafe) errors.push([400, 'INVALID_JSON: the body is not JSON']);
  if (access !== undefined && access !== 'public') errors.push([401, 'UNAUTHENTICATED: sign in first']);
  if (isAdminPath(url)) errors.push([403, 'ADMIN_NETWORK_FORBIDDEN: not from an allowlisted network']);
  if (isApi && unsafe)
    errors.push([403, 'CSRF_ORIGIN_REFUSED, CSRF_TOKEN_INVALID: a cross-site request, or a signed-in one without its CSRF token']);
  if (rule.roles) errors.push([403, `FORBIDDEN: for ${rule.roles.join(', ')} only`]);
  const adminsToo = !rule.roles || rule.roles.includes('admin');
  if (access !== undefined && access !== 'public' && rule.mfa !== 'pending' && adminsToo) {
    errors.push([403, 'MFA_REQUIRED, MFA_ENROLMENT_REQUIRED: an admin must pass their second factor first']);
  }
  if (pathParams(url)) errors.push([404, 'NOT_FOUND: nothing has this id, or not for this caller']);
  if (unsafe) {
    errors.push([413, ERROR_STATUSES[413]]);
    errors.push([415, ERROR_STATUSES[415]]);
  }
  if (isApi && route.config?.rateLimit !== false)
    errors.push([429, 'RATE_LIMITED: too many requests from this address (Retry-After says when to try again)']);
  errors.push([500, ERROR_STATUSES[500]]);
  errors.push([503, ERROR_STATUSES[503]]);
  return errors;
}

/** `GET /api/me/services/:serviceId/photos` → `getMeServicesByServiceIdPhotos`. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .split('/')
    .filter((part) => part && part !== 'api')
    .flatMap((part) => (part.startsWith(':') ? ['by', part.slice(1)] : part.split(/[^A-Za-z0-9]+/)))
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

/**
 * The API's contract, completed from each route's declaration so that no route can forget
 * it (an onRoute hook on the API scope, set before any route):
 * - a route with path parameters must declare them, and one without query parameters gets
 *   an empty query schema: every path parameter and query string goes through validation;
 * - every status the platform can answer (validation, access, CSRF, body limits, rate
 *   limits, server errors) is added to the route's responses with the standard error body,
 *   next to the statuses the route declares for its own rules (`errorResponses()` in
 *   contracts); two declarations of one status are described together;
 * - its security requirement follows its access rule, and it gets an operationId.
 */
export function completeRouteContract(route: RouteOptions): void {
  const methods = [route.method].flat().map(String);
  const schema = (route.schema ??= {});
  if (pathParams(route.url) && !schema.params) {
    throw new Error(`${methods.join(',')} ${route.url}: declare a params schema; every path parameter goes through validation`);
  }
  // A route without query parameters still has its query string checked (the text rule):
  // unknown parameters are dropped, as on routes that declare theirs.
  schema.querystring ??= z.object({});
  if (completed.has(schema)) return; // the HEAD route Fastify adds for a GET shares its schema
  completed.add(schema);
  const response = (schema.response ??= {}) as Record<string, ResponseEntry>;
  const declared = new Map<ErrorStatus, string>();
  for (const [status, description] of platformErrors(route, methods)) {
    declared.set(status, declared.has(status) ? `${declared.get(status)}; ${description}` : description);
  }
  for (const [status, description] of declared) {
    const own = response[status];
    // A status the route answers with a body of its own (readiness' 503) stays as declared.
    if (own !== undefined && !isErrorResponse(own)) continue;
    // The route's own 404 says what is not found better than the generic one.
    const merged = !own?.description ? description : status === 404 ? own.description : `${description}; ${own.description}`;
    response[status] = errorResponse(merged);
  }
  const access = route.config?.access as Access;
  const unsafe = methods.some((m) => BODY_METHODS.has(m));
  schema.security ??= access === undefined || access === 'public' ? [] : [unsafe ? { session: [], csrfToken: [] } : { session: [] }];
  schema.operationId ??= operationIdOf(methods[0]!, route.url);
}
const completed = new WeakSet<object>();

const jsonSchemaTransform = createJsonSchemaTransform({ skipList: ['/api/docs', '/api/docs/*'] });
const jsonSchemaTransformObject = createJsonSchemaTransformObject({});

/** The OpenAPI document's options: zod schemas as JSON schemas, named components, no dangling or unused one. */
export function openapiOptions(): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'KhadamatPlatform API',
        version: '0.1.0',
        description:
          'Every error has the body `{ "error": { "code", "message", "requestId" } }` (the ApiError schema). ' +
          'Strings never accept control characters (other than tab, line feed and carriage return) or unpaired surrogates.',
      },
      // The API serves its own document: relative to where it was read from.
      servers: [{ url: '/', description: 'This server' }],
      tags: TAGS,
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: (input) => {
      const { schema, url } = jsonSchemaTransform(input) as { schema: Record<string, unknown>; url: string };
      // A success response the route did not describe is described by its status.
      for (const [status, response] of Object.entries((schema?.response ?? {}) as Record<string, Record<string, unknown>>)) {
        if (status.startsWith('2') && !response.description) response['x-response-description'] = STATUS_CODES[Number(status)];
      }
      const multipartBody = input.schema?.multipartBody;
      if (multipartBody && schema) {
        delete schema.multipartBody;
        schema.body = z.toJSONSchema(multipartBody, { target: 'openapi-3.0', io: 'input' });
        delete (schema.body as Record<string, unknown>).$schema;
      }
      return { schema, url };
    },
    transformObject: (input) =>
      pruneComponents(jsonSchemaTransformObject(input) as OpenApiDocument) as ReturnType<typeof jsonSchemaTransformObject>,
  };
}

type OpenApiDocument = { components?: { schemas?: Record<string, unknown> } } & Record<string, unknown>;

/**
 * Keeps the schema components that something refers to (the zod registry also yields an
 * input copy of each named schema), and fails when a reference has no component.
 */
export function pruneComponents<T extends OpenApiDocument>(document: T): T {
  const schemas = document.components?.schemas ?? {};
  const refsIn = (value: unknown) => [...JSON.stringify(value).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
  const { components, ...rest } = document;
  const kept = new Set<string>();
  const queue = refsIn(rest);
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (kept.has(name)) continue;
    if (!(name in schemas)) throw new Error(`OpenAPI document: #/components/schemas/${name} is referred to but not defined`);
    kept.add(name);
    queue.push(...refsIn(schemas[name]));
  }
  const pruned = Object.fromEntries(Object.entries(schemas).filter(([name]) => kept.has(name)));
  return { ...document, components: { ...components, schemas: pruned } };
}
