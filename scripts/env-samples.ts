// The env samples must agree with ENV_VARIABLES (backend/src/config/env.ts), and each
// must pass validateEnv() with its placeholders, so a sample can never drift from the
// rules. Used by `npm run check:env-samples` (scripts/check-env-samples.ts) and by
// backend/test/config/env-samples.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ENV_VARIABLES, EnvValidationError, validateEnv, type NodeEnv } from '../backend/src/config/env';
import { repoRoot } from '../backend/src/config/paths';

export interface SampleSpec {
  /** Path from the repository root. */
  file: string;
  /** The NODE_ENV the sample must set, and whose rules it must pass. */
  nodeEnv: NodeEnv;
}

export const ENV_SAMPLES: readonly SampleSpec[] = [
  { file: '.env.example', nodeEnv: 'development' },
  { file: 'backend/.env.sample.local', nodeEnv: 'development' },
  { file: 'backend/.env.sample.staging', nodeEnv: 'staging' },
  { file: 'backend/.env.sample.production', nodeEnv: 'production' },
];

// `NAME=…`, `export NAME=…`, or the same commented out (`# NAME=` lists NAME as unset).
const ASSIGNMENT = /^\s*(#\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

export interface ParsedSample {
  /** Every variable the sample lists, set or commented out, in order. */
  listed: string[];
  /** The values that are really set (what a process loading the file would get). */
  values: Record<string, string>;
}

export function parseSample(text: string): ParsedSample {
  const listed: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = ASSIGNMENT.exec(line);
    if (match) listed.push(match[2]!);
  }
  // node's own .env parser, the one loadEnvFiles() uses, so quoting rules match.
  return { listed, values: parseEnv(text) as Record<string, string> };
}

/** Problems of one sample, each a readable sentence; empty when the sample is right. */
export function checkSampleText(spec: SampleSpec, text: string, variables: readonly string[] = ENV_VARIABLES): string[] {
  const problems: string[] = [];
  const { listed, values } = parseSample(text);
  const known = new Set(variables);
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const name of listed) (seen.has(name) ? duplicated : seen).add(name);

  const missing = variables.filter((name) => !seen.has(name));
  const unknown = [...seen].filter((name) => !known.has(name));
  if (missing.length) problems.push(`missing variables: ${missing.join(', ')}`);
  if (unknown.length) problems.push(`unknown variables (not in ENV_VARIABLES): ${unknown.join(', ')}`);
  if (duplicated.size) problems.push(`variables listed more than once: ${[...duplicated].join(', ')}`);

  // Only the sample's own values: the check must not depend on the caller's environment.
  if ((values.NODE_ENV ?? 'development') !== spec.nodeEnv) {
    problems.push(`NODE_ENV must be ${spec.nodeEnv} (found ${values.NODE_ENV ?? 'nothing'})`);
  }
  try {
    validateEnv({ ...values, NODE_ENV: spec.nodeEnv });
  } catch (error) {
    if (!(error instanceof EnvValidationError)) throw error;
    problems.push(...error.problems.map((p) => `validateEnv(${spec.nodeEnv}) refuses it: ${p}`));
  }
  return problems;
}

export interface SampleReport {
  file: string;
  problems: string[];
}

/** Checks every sample on disk; `ok` is false when any has a problem (or is missing). */
export function checkEnvSamples(opts: { root?: string; samples?: readonly SampleSpec[]; variables?: readonly string[] } = {}): {
  ok: boolean;
  reports: SampleReport[];
} {
  const root = opts.root ?? repoRoot;
  const reports = (opts.samples ?? ENV_SAMPLES).map((spec): SampleReport => {
    let text: string;
    try {
      text = readFileSync(join(root, spec.file), 'utf8');
    } catch {
      return { file: spec.file, problems: ['file is missing'] };
    }
    return { file: spec.file, problems: checkSampleText(spec, text, opts.variables) };
  });
  return { ok: reports.every((r) => r.problems.length === 0), reports };
}
