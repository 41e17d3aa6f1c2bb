import { FORBIDDEN_TEXT_MESSAGE, findForbiddenText } from '@khadamat/contracts';
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type Validate = ReturnType<FastifySchemaCompiler<z.ZodType>>;
type Issue = { path: (string | number)[]; message: string };

// The zod compiler's own error format, so the error handler answers VALIDATION_FAILED with
// `details: [{ path: '/name', message }]` exactly as for any other invalid field.
const refuse = zodValidatorCompiler({
  schema: z.unknown().superRefine((issue, ctx) => ctx.addIssue({ code: 'custom', ...(issue as Issue) })),
  method: 'GET',
  url: '/',
  httpPart: 'body',
});

/**
 * The API's validator compiler: the zod compiler, after one rule that no schema has to
 * repeat: no string anywhere in the input (body, query, path parameters; values and object
 * keys) may hold a character that has no place in text (FORBIDDEN_TEXT in contracts). Set
 * once on the API scope in app.ts, so every route's declared inputs go through it; the route
 * contract (api-contract.ts) refuses at start-up a route with path parameters and no params
 * schema, so none bypasses it.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const validate = zodValidatorCompiler(route);
  const strict: Validate = (data: unknown) => {
    const path = findForbiddenText(data);
    // The path names the field; past a few levels it would only make the answer as big as the input.
    if (path) return refuse({ path: path.slice(0, 32), message: FORBIDDEN_TEXT_MESSAGE } satisfies Issue);
    return validate(data);
  };
  return strict;
};
