// `@khadamat/contracts/plain`: the contracts' constants and helpers that need no schema (and
// so no zod), for code that must stay small — the web client's first pages, whose bundle
// takes these from here and loads the schemas only when it checks an API answer.
export * from './locale-codes';
export * from './money';
