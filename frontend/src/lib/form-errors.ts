import { ApiClientError } from './api-client';

/** One message per field, already in the user's language. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** What a contracts (zod) schema reports for invalid input; only what we need of it. */
export interface SchemaIssue {
  path: readonly PropertyKey[];
  code: string;
}

/** Whether `path` falls under `field`, a top-level name (`title`) or a dotted path into nested input (`translations.ar.title`). */
function isUnder(field: string, path: readonly PropertyKey[]): boolean {
  const parts = field.split('.');
  return parts.length <= path.length && parts.every((part, index) => String(path[index]) === part);
}

/** The first issue of each known field, from a client-side `schema.safeParse()`. */
export function issuesByField<F extends string>(issues: readonly SchemaIssue[], fields: readonly F[]): Partial<Record<F, SchemaIssue>> {
  const byField: Partial<Record<F, SchemaIssue>> = {};
  for (const issue of issues) {
    const field = fields.find((f) => isUnder(f, issue.path));
    if (field && !byField[field]) byField[field] = issue;
  }
  return byField;
}

/** The fields a VALIDATION_FAILED answer names (`details[].path` is a JSON pointer: `/phone`). */
export function fieldsOfApiError<F extends string>(error: unknown, fields: readonly F[]): F[] {
  if (!(error instanceof ApiClientError)) return [];
  const named = error.validationIssues.map((issue) => issue.path.split('/').slice(1));
  return fields.filter((field) => named.some((path) => isUnder(field, path)));
}

export function hasFieldErrors<F extends string>(errors: FieldErrors<F>): boolean {
  return Object.values(errors).some(Boolean);
}
