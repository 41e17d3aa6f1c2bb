// A schema-driven fuzz of the whole API, from the OpenAPI document the app under test serves:
// for every documented operation, requests made from its schemas, valid and broken, sent
// anonymously and as each role. Every answer must be one the document promises: no 5xx, a
// declared status, a body that matches the declared schema, the standard error shape with the
// request id, nothing internal; and a control character in any input is VALIDATION_FAILED.
//
// Bounded and repeatable: a fixed seed (FUZZ_SEED) and a fixed number of requests per
// operation and caller (FUZZ_RUNS). It prints one summary line to quote.
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, findActiveSession } from '../../src/modules/accounts/sessions.service';
import { seedDatabase } from '../../src/seed/seed.service';
import { adminWithSecondFactor, as, signUp, markKycVerified } from '../support/accounts';
import type { TestApp } from '../support/test-app';
import { testEnv } from '../support/test-env';
import { createUploadTestApp, png, uploadFile } from '../uploads/upload-helpers';
import {
  containsForbiddenText,
  hostilePathSegment,
  mutationOf,
  oddText,
  valueOf,
  forbiddenText,
  type Hints,
  type JsonSchema,
  type SchemaContext,
} from './openapi-arbitraries';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
/**
 * Requests per operation for a caller its access rule lets through (callers it refuses get a
 * quarter). PostgreSQL: 30 (about 3,900 requests, some 30 s on 2 cores). SQLite, the fast path
 * that ci:check runs too: 15 (about 1,900 requests). FUZZ_RUNS for a longer run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? (testEnv.dbProvider === 'postgresql' ? 30 : 15));
const REFUSED_RUNS = Math.max(2, Math.ceil(RUNS / 4));
const BODY_LIMIT = 64 * 1024;
const HANG_MS = 20_000;

type Identity = 'anonymous' | 'client' | 'provider' | 'admin';
const IDENTITIES: Identity[] = ['anonymous', 'client', 'provider', 'admin'];
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  schema: JsonSchema;
}
interface MediaType {
  schema?: JsonSchema;
}
interface Operation {
  method: Method;
  path: string;
  operationId: string;
  parameters: Parameter[];
  body?: { type: string; schema: JsonSchema };
  responses: Record<string, { content?: Record<string, MediaType> }>;
  security: Record<string, string[]>[];
}

interface FuzzRequest {
  method: Method;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** A forbidden character reached a declared input: only VALIDATION_FAILED (or an access refusal) may answer. */
  forbidden: boolean;
  /** Broken before validation (a URL that does not decode, a body that is not JSON): refused before the text rule. */
  unparsable: boolean;
  what: string;
}

// ── exclusions: known findings outside the contract layer ───────────────────────────────
// Each entry excludes requests that trigger a known bug whose fix is under way; remove it
// once that fix is merged. (None at the moment.)
/** What the fuzzer reads of an answer. */
interface Answer {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json: () => unknown;
}

const KNOWN_ISSUES: { reason: string; matches: (op: Operation, request: FuzzRequest) => boolean }[] = [];

// Text that must never reach a client: stack frames, file paths, driver and engine names.
const INTERNAL_TEXT =
  /\bat [\w$.<>[\] ]+ \(|node_modules|\/src\/|\.[cm]?[jt]s:\d+|prisma|sqlite|postgres|ECONN|TypeError|ReferenceError|RangeError|Cannot read propert|is not a function|"stack"/i;

describe('API fuzz (OpenAPI-driven)', () => {
  let t: TestApp;
  let operations: Operation[];
  let ctx: SchemaContext;
  let image: Buffer;
  const sessions = new Map<Exclude<Identity, 'anonymous'>, { cookie: string; csrf: string; userId: string; role: string }>();

  beforeAll(async () => {
    t = await createUploadTestApp({
      // Past the limits that stop a flood: the fuzz must reach the handlers.
      RATE_LIMIT_MAX: '1000000',
      BODY_LIMIT_BYTES: String(BODY_LIMIT),
      // Callers come from all over the loopback range (sign-in locks count per address).
      ADMIN_IP_ALLOWLIST: '127.0.0.0/8',
    });
    await seedDatabase({ db: t.db, demo: false });

    const client = await signUp(t, { role: 'client' });
    const provider = await signUp(t, { role: 'provider' });
    await t.db.user.update({ where: { id: provider.userId }, data: { emailVerifiedAt: new Date(), phoneVerifiedAt: new Date() } });
    await markKycVerified(t, provider.userId);
    const admin = await adminWithSecondFactor(t, { email: 'fuzz-admin@example.test' });
    sessions.set('client', { ...client, role: 'client' });
    sessions.set('provider', { ...provider, role: 'provider' });
    sessions.set('admin', { ...admin, role: 'admin' });

    // Real rows, so that valid ids are sometimes used.
    const category = await t.db.category.findUniqueOrThrow({ where: { slug: 'leak-repair' } });
    const city = await t.db.city.findUniqueOrThrow({ where: { slug: 'rabat' } });
    const asProvider = as(t, provider);
    const create = (title: string) =>
      asProvider({
        method: 'POST',
        url: '/api/me/services',
        payload: { categoryId: category.id, cityId: city.id, title, priceModel: 'fixed', priceMinor: 25_000, durationMinutes: 60 },
      });
    const published = (await create('Réparation de fuite')).json();
    const draft = (await create('Débouchage de canalisation')).json();
    const publish = await asProvider({ method: 'POST', url: `/api/me/services/${published.id}/publish` });
    expect(publish.statusCode).toBe(200);
    image = await png({ width: 8, height: 8 });
    const photo = (
      await uploadFile(t, provider, { kind: 'service_photo', data: image, fileName: 'photo.png', contentType: 'image/png' })
    ).json();
    const document = (
      await uploadFile(t, client, { kind: 'kyc_document', data: image, fileName: 'id.png', contentType: 'image/png' })
    ).json();
    const withPhoto = await asProvider({ method: 'POST', url: `/api/me/services/${published.id}/photos`, payload: { uploadId: photo.id } });
    expect(withPhoto.statusCode).toBe(200);

    const categories = await t.db.category.findMany();
    const cities = await t.db.city.findMany();
    const hints: Hints = {
      slug: [published.slug],
      providerId: [published.provider.id],
      serviceId: [published.id, draft.id],
      categoryId: categories.map((c) => c.id),
      cityId: cities.map((c) => c.id),
      parentId: [...categories.filter((c) => !c.parentId).map((c) => c.id), null],
      ids: [categories.filter((c) => !c.parentId).map((c) => c.id)],
      category: categories.map((c) => c.slug),
      city: cities.map((c) => c.slug),
      q: ['fuite', 'plomb', 'réparation', 'إصلاح', 'repair'],
      email: [client.email, 'nobody@example.test'],
      actorId: [admin.userId],
      uploadId: [photo.id],
      id: [photo.id, document.id],
      key: [
        photo.url.replace('/files/', ''),
        ...Object.values(photo.variants as Record<string, string>).map((url) => url.replace('/files/', '')),
      ],
    };

    const doc = t.app.swagger() as unknown as {
      paths: Record<
        string,
        Record<
          string,
          Omit<Operation, 'method' | 'path'> & { parameters?: Parameter[]; requestBody?: { content: Record<string, MediaType> } }
        >
      >;
      components: { schemas: Record<string, JsonSchema> };
    };
    ctx = { components: doc.components.schemas, hints };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => {
        const [type, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
        return {
          method: method.toUpperCase() as Method,
          path,
          operationId: op.operationId,
          parameters: op.parameters ?? [],
          body: type && media?.schema ? { type, schema: media.schema } : undefined,
          responses: op.responses,
          security: op.security ?? [],
        };
      }),
    );
    components = doc.components.schemas;
  }, 120_000);
  afterAll(() => t?.close());

  // ── answers checked against the document ─────────────────────────────────────────────
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
  const validators = new Map<JsonSchema, ValidateFunction>();
  let components: Record<string, JsonSchema> = {};
  function validatorFor(schema: JsonSchema): ValidateFunction {
    let validate = validators.get(schema);
    if (!validate) {
      // Component references resolve inside the compiled schema.
      validate = ajv.compile({ ...schema, components: { schemas: components } });
      validators.set(schema, validate);
    }
    return validate;
  }

  function problemsWith(op: Operation, request: FuzzRequest, res: Answer): string[] {
    const problems: string[] = [];
    const status = res.statusCode;
    if (status >= 500) problems.push(`answered ${status}`);
    const declared = op.responses[String(status)];
    if (!declared) problems.push(`status ${status} is not declared (declared: ${Object.keys(op.responses).join(', ')})`);
    let body: unknown;
    const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
    if (isJson) {
      try {
        body = res.json();
      } catch {
        problems.push('a JSON content type with a body that is not JSON');
      }
    }
    if (declared) {
      const [type, media] = Object.entries(declared.content ?? {})[0] ?? [];
      if (!type) {
        if (res.body.length > 0) problems.push(`a body where none is declared: ${res.body.slice(0, 80)}`);
      } else if (type === 'application/json') {
        if (!isJson) problems.push(`content type ${res.headers['content-type']}, declared application/json`);
        else if (media?.schema) {
          const validate = validatorFor(media.schema);
          if (!validate(body)) problems.push(`body does not match the declared schema: ${ajv.errorsText(validate.errors)}`);
        }
      }
    }
    if (status >= 400) {
      const error = (body as { error?: { code?: string; requestId?: string } } | undefined)?.error;
      if (!error?.code) problems.push(`error not in the standard shape: ${res.body.slice(0, 120)}`);
      else if (error.requestId !== res.headers['x-request-id']) problems.push('error.requestId is not the x-request-id header');
    }
    // In any answer; text the request itself sent (an echoed name) does not count.
    const internal = INTERNAL_TEXT.exec(res.body.slice(0, 200_000))?.[0];
    if (internal && !`${request.url} ${String(request.payload ?? '')}`.includes(internal)) {
      problems.push(`internal text (${internal}) in the answer: ${res.body.slice(0, 200)}`);
    }
    if (request.forbidden) {
      if (status < 300) problems.push('a control character was accepted');
      const code = (body as { error?: { code?: string } } | undefined)?.error?.code;
      if (status === 400 && code !== 'VALIDATION_FAILED' && !request.unparsable)
        problems.push(`a control character answered 400 ${code}, not VALIDATION_FAILED`);
    }
    return problems;
  }

  // ── requests made from the document ──────────────────────────────────────────────────
  const isPublic = (op: Operation) => op.security.length === 0;
  /** Whether the access rule lets this caller reach validation and the handler (documented by security + FORBIDDEN). */
  function reaches(op: Operation, who: Identity): boolean {
    if (isPublic(op)) return true;
    if (who === 'anonymous') return false;
    const only = /FORBIDDEN: for ([a-z, ]+) only/.exec(JSON.stringify(op.responses['403'] ?? ''))?.[1];
    return !only || only.split(', ').includes(who);
  }

  /** Text as a URL can carry it: an unpaired surrogate cannot be percent-encoded, so it goes as U+FFFD. */
  const asSent = (text: string) => text.replace(/[\ud800-\udfff]/g, (c, i: number, s: string) => (isPaired(s, i) ? c : '\ufffd'));
  const encodeQueryValue = (value: unknown) => encodeURIComponent(asSent(String(value)));
  const isPaired = (s: string, i: number) => {
    const c = s.charCodeAt(i);
    return c <= 0xdbff
      ? s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff
      : s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff;
  };
  const decodedOr = (segment: string) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return null;
    }
  };

  function requestsFor(op: Operation, who: Identity): fc.Arbitrary<FuzzRequest> {
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const queryParams = op.parameters.filter((p) => p.in === 'query');

    const validSegment = (p: Parameter) => valueOf(p.schema, ctx, p.name).map((v) => encodeURIComponent(String(v)));
    const segments = fc.tuple(
      ...pathParams.map((p) => fc.oneof({ arbitrary: validSegment(p), weight: 3 }, { arbitrary: hostilePathSegment, weight: 2 })),
    );
    const validQuery = fc.tuple(
      ...queryParams.map((p) =>
        p.required ? valueOf(p.schema, ctx, p.name) : fc.option(valueOf(p.schema, ctx, p.name), { nil: undefined }),
      ),
    );
    const query = fc.oneof(
      { arbitrary: validQuery, weight: 3 },
      {
        arbitrary: queryParams.length
          ? fc
              .tuple(
                validQuery,
                fc.nat(queryParams.length - 1),
                fc.oneof(forbiddenText, oddText, fc.constantFrom('-1', '1e400', 'NaN', '[]', '')),
              )
              .map(([values, i, v]) => values.map((x, j) => (j === i ? v : x)))
          : validQuery,
        weight: 2,
      },
    );
    // A parameter no operation declares: dropped, but its text is checked like any other.
    const extraQuery = fc.option(fc.tuple(fc.constantFrom('extra', 'page', '_'), fc.oneof(forbiddenText, oddText)), {
      nil: undefined,
      freq: 4,
    });

    type Body = { payload?: string | Buffer; contentType?: string; value?: unknown; what: string };
    let body: fc.Arbitrary<Body>;
    if (op.body?.type === 'application/json') {
      const valid = valueOf(op.body.schema, ctx);
      body = fc.oneof(
        { arbitrary: valid.map((value) => ({ value, what: 'valid body' })), weight: 3 },
        { arbitrary: valid.chain((v) => mutationOf(v)).map((value) => ({ value, what: 'mutated body' })), weight: 4 },
        { arbitrary: rawBodies, weight: 1 },
      );
    } else if (op.body?.type === 'multipart/form-data') {
      body = multipartBodies;
    } else if (['POST', 'PATCH', 'PUT', 'DELETE'].includes(op.method)) {
      body = fc.oneof({ arbitrary: fc.constant<Body>({ what: 'no body' }), weight: 4 }, { arbitrary: rawBodies, weight: 1 });
    } else body = fc.constant<Body>({ what: 'no body' });

    const headerMutation = fc.constantFrom('none', 'none', 'none', 'none', 'no-csrf', 'evil-origin');
    const remote = fc.tuple(fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 }));

    return fc
      .record({ segments, query, extraQuery, body, headerMutation, remote })
      .map(({ segments: segs, query: values, extraQuery: extra, body: b, headerMutation: h, remote: r }) => {
        let forbidden = false;
        // Bodies that are not JSON, and JSON with a prototype key (refused as INVALID_JSON by the parser).
        let unparsable = b.payload !== undefined;
        let path = op.path;
        pathParams.forEach((p, i) => {
          path = path.replace(`{${p.name}}`, segs[i]!);
          const decoded = decodedOr(segs[i]!);
          if (decoded === null) unparsable = true;
          else if (containsForbiddenText(decoded)) forbidden = true;
        });
        const pairs: string[] = [];
        queryParams.forEach((p, i) => {
          const v = values[i];
          if (v === undefined) return;
          if (containsForbiddenText(asSent(String(v)))) forbidden = true;
          pairs.push(`${encodeURIComponent(p.name)}=${encodeQueryValue(v)}`);
        });
        if (extra) {
          if (containsForbiddenText(asSent(extra[1]))) forbidden = true;
          pairs.push(`${extra[0]}=${encodeQueryValue(extra[1])}`);
        }
        const headers: Record<string, string> = { 'user-agent': 'api-fuzz' };
        let payload = b.payload;
        if (b.value !== undefined) {
          payload = JSON.stringify(b.value);
          headers['content-type'] = 'application/json';
          if (containsForbiddenText(b.value)) forbidden = true;
          if (/"(__proto__|constructor)"/.test(payload)) unparsable = true;
        } else if (b.contentType) headers['content-type'] = b.contentType;
        const session = who === 'anonymous' ? undefined : sessions.get(who);
        if (session) {
          headers.cookie = session.cookie;
          if (h !== 'no-csrf') headers['x-csrf-token'] = session.csrf;
        }
        if (h === 'evil-origin') headers.origin = 'https://evil.example.test';
        return {
          method: op.method,
          url: pairs.length ? `${path}?${pairs.join('&')}` : path,
          headers,
          payload,
          forbidden,
          unparsable,
          what: `${b.what}${h === 'none' ? '' : `, ${h}`}`,
          remoteAddress: `127.${r[0]}.${r[1]}.${r[2]}`,
        } as FuzzRequest & { remoteAddress: string };
      });
  }

  const rawBodies = fc.oneof(
    fc.constantFrom(
      { payload: '{"x":', contentType: 'application/json', what: 'truncated JSON' },
      { payload: '', contentType: 'application/json', what: 'empty JSON body' },
      { payload: 'null', contentType: 'application/json', what: 'JSON null' },
      { payload: '{"__proto__":{"admin":true}}', contentType: 'application/json', what: 'prototype pollution' },
      { payload: '{"constructor":{"prototype":{"admin":true}}}', contentType: 'application/json', what: 'constructor pollution' },
      { payload: '<a/>', contentType: 'application/xml', what: 'XML' },
      { payload: 'name=x', contentType: 'application/x-www-form-urlencoded', what: 'form body' },
      { payload: 'plain text', contentType: 'text/plain', what: 'text body' },
      { payload: '{}', contentType: 'application/json; charset=latin1', what: 'latin1 charset' },
      { payload: '\u0000', contentType: 'application/json', what: 'a null byte as JSON' },
      { payload: '"\\ud800"', contentType: 'application/json', what: 'a lone surrogate as JSON' },
    ),
    fc
      .integer({ min: 2_000, max: 30_000 })
      .map((n) => ({ payload: `${'['.repeat(n)}${']'.repeat(n)}`, contentType: 'application/json', what: `${n} nested arrays` })),
    fc.constant({ payload: JSON.stringify({ x: 'x'.repeat(BODY_LIMIT) }), contentType: 'application/json', what: 'a body over the limit' }),
    fc
      .uint8Array({ maxLength: 64 })
      .map((bytes) => ({ payload: Buffer.from(bytes), contentType: 'application/json', what: 'random bytes as JSON' })),
  );

  const PNG = Buffer.from('89504e470d0a1a0a', 'hex');
  const multipartBodies = fc
    .record({
      field: fc.constantFrom('file', 'file', 'file', 'photo'),
      filename: fc.oneof(
        fc.constantFrom('photo.png', 'a.jpg', 'cv.pdf', ''),
        oddText.map((s) => s.slice(0, 200)),
        forbiddenText,
      ),
      type: fc.constantFrom('image/png', 'image/jpeg', 'application/pdf', 'text/plain'),
      bytes: fc.oneof(
        fc.constant(null).map(() => image),
        fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b)),
        fc.uint8Array({ maxLength: 128 }).map((b) => Buffer.concat([PNG, Buffer.from(b)])),
      ),
    })
    .map(({ field, filename, type, bytes }) => {
      const boundary = 'fuzzboundary7MA4YWxkTrZu0gW';
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename.replace(/["\r\n]/g, '_')}"\r\nContent-Type: ${type}\r\n\r\n`;
      // Always a complete form: one cut short makes the multipart parser wait forever through
      // app.inject() (over HTTP it is answered 400 UPLOAD_MALFORMED at once).
      const tail = `\r\n--${boundary}--\r\n`;
      return {
        payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(tail)]),
        contentType: `multipart/form-data; boundary=${boundary}`,
        what: `multipart ${field} ${type}`,
      };
    });

  /** A caller whose session a request ended (sign-out, revoked session…) gets a new one. */
  async function keepSignedIn(who: Exclude<Identity, 'anonymous'>) {
    const session = sessions.get(who)!;
    const token = session.cookie.split('=')[1]!;
    if (await findActiveSession({ db: t.db, token })) return;
    const { token: fresh, session: row } = await createSession({
      db: t.db,
      userId: session.userId,
      role: session.role as 'client',
      origin: { ip: '127.0.0.1', userAgent: 'api-fuzz' },
    });
    if (session.role === 'admin') await t.db.session.update({ where: { id: row.id }, data: { mfaAt: new Date() } });
    sessions.set(who, { ...session, cookie: `${session.cookie.split('=')[0]}=${fresh}`, csrf: row.csrfToken });
  }

  it(
    'answers every documented operation, anonymous and as each role, only as the document says',
    async () => {
      const started = performance.now();
      const statuses = new Map<number, number>();
      const timeByOperation = new Map<string, number>();
      const failures: string[] = [];
      let sent = 0;
      let excluded = 0;
      const seedOf = (text: string) => [...text].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, SEED);

      for (const op of operations) {
        for (const who of IDENTITIES) {
          const numRuns = reaches(op, who) ? RUNS : REFUSED_RUNS;
          const samples = fc.sample(requestsFor(op, who), { seed: seedOf(`${op.method} ${op.path} ${who}`), numRuns });
          for (const request of samples as (FuzzRequest & { remoteAddress: string })[]) {
            const known = KNOWN_ISSUES.find((k) => k.matches(op, request));
            if (known) {
              excluded++;
              continue;
            }
            const sentAt = performance.now();
            const res = await answerOf(request);
            const key = `${op.method} ${op.path}`;
            timeByOperation.set(key, (timeByOperation.get(key) ?? 0) + performance.now() - sentAt);
            sent++;
            if (!res) {
              failures.push(
                `${key} as ${who} (${request.what}): no answer in ${HANG_MS / 1000} s\n    request: ${request.method} ${request.url.slice(0, 300)}`,
              );
              continue;
            }
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            const problems = problemsWith(op, request, res);
            if (problems.length > 0) {
              failures.push(
                `${op.method} ${op.path} as ${who} (${request.what}): ${problems.join('; ')}\n` +
                  `    request: ${request.method} ${request.url.slice(0, 300)} ${String(request.payload ?? '').slice(0, 300)}\n` +
                  `    answer: ${res.statusCode} ${res.body.slice(0, 300)}`,
              );
            }
            if (who !== 'anonymous' && request.method !== 'GET' && res.statusCode < 300) await keepSignedIn(who);
          }
        }
      }

      if (process.env.FUZZ_VERBOSE) {
        const slowest = [...timeByOperation.entries()].sort(([, a], [, b]) => b - a).slice(0, 8);
        console.log(`slowest operations: ${slowest.map(([op, ms]) => `${op} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
      }
      const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
      console.log(
        `api fuzz (${testEnv.dbProvider}, seed ${SEED}, ${RUNS} runs): ${operations.length} operations, ${sent} requests` +
          `${excluded ? ` (${excluded} excluded as known issues)` : ''}, statuses ${byStatus.join(' ')}, ` +
          `${failures.length} failures, ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      expect(failures.slice(0, 25).join('\n')).toBe('');
    },
    Math.max(600_000, RUNS * 60_000),
  );

  /**
   * The answer, or null when there is none in time (a hung request is a finding too). An event
   * stream (text/event-stream) never ends by design: its answer is what it sent first.
   */
  async function answerOf(request: FuzzRequest & { remoteAddress: string }): Promise<Answer | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), HANG_MS)));
    const answer = t.app
      .inject({
        method: request.method,
        url: request.url,
        headers: request.headers,
        payload: request.payload,
        remoteAddress: request.remoteAddress,
        payloadAsStream: true,
      })
      .then(async (res) => {
        const stream = res.stream();
        const streaming = String(res.headers['content-type'] ?? '').startsWith('text/event-stream');
        const chunks: Buffer[] = [];
        for await (const chunk of stream) {
          chunks.push(Buffer.from(chunk as Buffer));
          // The stream's first lines (its retry and id) are its answer; then it is let go.
          if (streaming) {
            stream.destroy();
            break;
          }
        }
        const body = Buffer.concat(chunks).toString('utf8');
        return { statusCode: res.statusCode, headers: res.headers, body, json: () => JSON.parse(body) as unknown };
      });
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
});
