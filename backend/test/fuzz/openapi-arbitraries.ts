// fast-check arbitraries from the API's own OpenAPI document: valid values from a schema,
// and the hostile ones (wrong types, missing fields, huge strings, control characters, odd
// unicode, nasty path segments) that the fuzz suite mixes in.
import fc from 'fast-check';

export type JsonSchema = Record<string, unknown> & {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  nullable?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
};

/** Values that exist in the seeded database, by the name of the field or parameter they go in. */
export type Hints = Record<string, readonly unknown[]>;

export interface SchemaContext {
  components: Record<string, JsonSchema>;
  hints: Hints;
}

/**
 * Whether a string holds a character the API must refuse. Written out here on purpose, apart
 * from the implementation's regular expression, so that the suite checks the rule rather than
 * repeating it: C0 controls but tab, LF and CR; DEL; C1 controls; unpaired surrogates.
 */
export function hasForbiddenCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
    if (c >= 0x7f && c <= 0x9f) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** Any string, object key included, with a forbidden character somewhere in `value`. */
export function containsForbiddenText(value: unknown): boolean {
  if (typeof value === 'string') return hasForbiddenCharacter(value);
  if (Array.isArray(value)) return value.some(containsForbiddenText);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => hasForbiddenCharacter(key) || containsForbiddenText(item));
  }
  return false;
}

const FORBIDDEN = ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0085', '\u009f', '\ud800', '\udfff'];
/** A string with at least one character that has no place in text. */
export const forbiddenText = fc
  .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...FORBIDDEN), fc.string({ maxLength: 8 }))
  .map(([a, c, b]) => `${a}${c}${b}`);

/** Strings that are valid text but unusual: scripts, marks, emoji, lookalikes, injections, sizes. */
export const oddText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\t\n\r',
    'إصلاح التسربات',
    '\u200f\u202eRTL override\u202c',
    'e\u0301\u0301\u0301',
    '👩‍🔧🔧🏳️‍🌈',
    '\ufeffBOM',
    '\uffff\ufffe',
    "' OR 1=1 --",
    '"; DROP TABLE "User"; --',
    '../../etc/passwd',
    '%00',
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    'NaN',
    '-0',
    '1e309',
    'null',
    '__proto__',
  ),
  fc.integer({ min: 1_000, max: 60_000 }).map((n) => 'x'.repeat(n)),
);

/** A value of another JSON type than the schema asks for (or of no sensible type at all). */
export const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constant(Number.MAX_SAFE_INTEGER + 2),
  fc.constantFrom(1e308, -1e308, 0.1, -1),
  fc.string({ maxLength: 10 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

/** Path segments, already percent-encoded, that a router or a database could choke on. */
export const hostilePathSegment = fc.oneof(
  fc.constantFrom(
    '%00',
    'a%00b',
    '%01',
    '%1B',
    '%7F',
    '%C2%85',
    '..',
    '.',
    '%2e%2e',
    '..%2F..%2Fetc%2Fpasswd',
    '%2F',
    'a%2Fb',
    '%5C',
    '%E0%A4%A',
    '%',
    '%ZZ',
    '%C0%AF',
    '%ED%A0%80',
    '%EF%BF%BF',
    '%20',
    '%27%20OR%201%3D1--',
    '*',
    ':id',
    '~',
    'null',
    'undefined',
    '0',
    '-1',
    '%F0%9F%94%A7',
    encodeURIComponent('إصلاح'),
  ),
  fc.integer({ min: 39, max: 42 }).map((n) => 'a'.repeat(n)),
  fc.integer({ min: 100, max: 2_000 }).map((n) => 'a'.repeat(n)),
  forbiddenText.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\u0000'))),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);

export function resolveSchema(schema: JsonSchema, ctx: SchemaContext): JsonSchema {
  let current = schema;
  for (let guard = 0; current.$ref && guard < 10; guard++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = ctx.components[name];
    if (!target) throw new Error(`dangling $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

const MAX_DEPTH = 4;

/** Values that the schema accepts (as far as JSON Schema says: refinements are zod's). */
export function valueOf(schema: JsonSchema, ctx: SchemaContext, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const s = resolveSchema(schema, ctx);
  const own = ownValue(s, ctx, depth);
  const hinted = name ? ctx.hints[name] : undefined;
  const base = hinted?.length ? fc.oneof({ arbitrary: fc.constantFrom(...hinted), weight: 2 }, { arbitrary: own, weight: 1 }) : own;
  return s.nullable ? fc.option(base, { nil: null, freq: 6 }) : base;
}

function ownValue(s: JsonSchema, ctx: SchemaContext, depth: number): fc.Arbitrary<unknown> {
  const variants = s.anyOf ?? s.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => valueOf(v, ctx, undefined, depth)));
  if (s.allOf?.length) return valueOf(s.allOf[0]!, ctx, undefined, depth);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case 'string': {
      if (s.format === 'email') return fc.emailAddress();
      const maxLength = Math.min(s.maxLength ?? 40, 80);
      const minLength = Math.min(s.minLength ?? 0, maxLength);
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= minLength && v.length <= maxLength);
      return fc.oneof(fc.string({ minLength, maxLength, unit: 'grapheme-ascii' }), fc.string({ minLength, maxLength, unit: 'grapheme' }));
    }
    case 'integer':
    case 'number': {
      const lo = Math.max(typeof s.minimum === 'number' ? s.minimum : -1_000_000, -1_000_000_000);
      const hi = Math.min(typeof s.maximum === 'number' ? s.maximum : 1_000_000, 1_000_000_000);
      return s.type === 'integer'
        ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
        : fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      if (depth >= MAX_DEPTH) return fc.constant([]);
      const items = s.items ? valueOf(s.items, ctx, undefined, depth + 1) : fc.jsonValue({ maxDepth: 1 });
      return fc.array(items, { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 4, 4)) });
    }
    case 'object':
    default: {
      if (s.type !== 'object' && !s.properties) return fc.jsonValue({ maxDepth: 2 });
      if (depth >= MAX_DEPTH && !(s.required?.length ?? 0)) return fc.constant({});
      const properties = s.properties ?? {};
      const record = fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, prop]) => [key, valueOf(prop, ctx, key, depth + 1)])),
        { requiredKeys: (s.required ?? []).filter((key) => key in properties) },
      );
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), valueOf(s.additionalProperties, ctx, undefined, depth + 1), {
          maxKeys: 3,
        });
        return fc.tuple(record, extra).map(([r, e]) => ({ ...e, ...r }));
      }
      return record;
    }
  }
}

type Path = (string | number)[];
type Leaf = { path: Path; value: unknown };

/** Every position in a JSON value, the root included, with what is there. */
export function positionsOf(value: unknown, path: Path = [], out: Leaf[] = []): Leaf[] {
  out.push({ path, value });
  if (Array.isArray(value)) value.forEach((item, i) => positionsOf(item, [...path, i], out));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) positionsOf(item, [...path, key], out);
  return out;
}

export function setAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? setAt(item, rest, replacement) : item));
  const record = value as Record<string, unknown>;
  return { ...record, [head!]: setAt(record[head!], rest, replacement) };
}

export function removeAt(value: unknown, path: Path): unknown {
  if (path.length === 0) return undefined;
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (Array.isArray(value)) return value.filter((_, i) => i !== head);
    const { [head!]: _removed, ...others } = value as Record<string, unknown>;
    return others;
  }
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? removeAt(item, rest) : item));
  const record = value as Record<string, unknown>;
  return { ...record, [head!]: removeAt(record[head!], rest) };
}

/** A valid JSON value, broken in one place: a control character, a wrong type, a missing or extra field, odd text. */
export function mutationOf(valid: unknown): fc.Arbitrary<unknown> {
  const positions = positionsOf(valid);
  const strings = positions.filter((p) => typeof p.value === 'string');
  const objects = positions.filter((p) => p.value && typeof p.value === 'object' && !Array.isArray(p.value));
  const removable = positions.filter((p) => p.path.length > 0);
  const options: fc.Arbitrary<unknown>[] = [
    fc.tuple(fc.constantFrom(...positions), wrongType).map(([p, v]) => setAt(valid, p.path, v)),
    fc.jsonValue({ maxDepth: 3 }),
  ];
  if (strings.length) {
    options.push(fc.tuple(fc.constantFrom(...strings), forbiddenText).map(([p, v]) => setAt(valid, p.path, v)));
    options.push(fc.tuple(fc.constantFrom(...strings), oddText).map(([p, v]) => setAt(valid, p.path, v)));
  }
  if (removable.length) options.push(fc.constantFrom(...removable).map((p) => removeAt(valid, p.path)));
  if (objects.length) {
    const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'role', 'id', 'emailVerified'), forbiddenText);
    options.push(
      fc
        .tuple(fc.constantFrom(...objects), key, fc.jsonValue({ maxDepth: 1 }))
        .map(([p, k, v]) => setAt(valid, p.path, { ...(p.value as object), [k]: v })),
    );
  }
  return fc.oneof(...options);
}
