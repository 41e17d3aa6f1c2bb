import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENV_VARIABLES } from '../../src/config/env';
import { repoRoot } from '../../src/config/paths';
import { checkEnvSamples, checkSampleText, ENV_SAMPLES, parseSample } from '../../../scripts/env-samples';

const staging = ENV_SAMPLES.find((s) => s.nodeEnv === 'staging')!;
const stagingText = readFileSync(join(repoRoot, staging.file), 'utf8');

describe('env samples (npm run check:env-samples)', () => {
  it('every sample lists every variable of ENV_VARIABLES and passes validateEnv() for its environment', () => {
    const { ok, reports } = checkEnvSamples();
    expect(reports.map((r) => r.file)).toEqual(ENV_SAMPLES.map((s) => s.file));
    for (const report of reports) expect(report.problems, report.file).toEqual([]);
    expect(ok).toBe(true);
  });

  it('counts a commented-out assignment as listing the variable, but not as setting it', () => {
    const parsed = parseSample('# Sentry DSN: optional\n# SENTRY_DSN=\nPORT=3000\n');
    expect(parsed.listed).toEqual(['SENTRY_DSN', 'PORT']);
    expect(parsed.values).toEqual({ PORT: '3000' });
  });

  it('reports a variable missing from a sample, by name', () => {
    const text = stagingText.replace(/^.*\bMETRICS_TOKEN=.*$/m, '');
    expect(checkSampleText(staging, text)).toContain('missing variables: METRICS_TOKEN');
  });

  it('reports a variable ENV_VARIABLES does not know, even commented out', () => {
    const problems = checkSampleText(staging, `${stagingText}\n# LEGACY_API_KEY=\nNEW_FEATURE_FLAG=true\n`);
    expect(problems).toContain('unknown variables (not in ENV_VARIABLES): LEGACY_API_KEY, NEW_FEATURE_FLAG');
  });

  it('reports a variable listed twice', () => {
    expect(checkSampleText(staging, `${stagingText}\n# PORT=4000\n`)).toContain('variables listed more than once: PORT');
  });

  it('reports a sample whose placeholders break the rules of its environment', () => {
    const text = stagingText.replace(/^HSTS_ENABLED=.*$/m, 'HSTS_ENABLED=false').replace(/^STRIPE_SECRET_KEY=.*$/m, '# STRIPE_SECRET_KEY=');
    const problems = checkSampleText(staging, text);
    expect(problems).toContain('validateEnv(staging) refuses it: HSTS_ENABLED: must be true in staging/production');
    expect(problems).toContain('validateEnv(staging) refuses it: STRIPE_SECRET_KEY: is required');
    expect(problems.some((p) => p.startsWith('missing'))).toBe(false);
  });

  it('reports a sample set to the wrong NODE_ENV', () => {
    const text = stagingText.replace(/^NODE_ENV=.*$/m, 'NODE_ENV=development');
    expect(checkSampleText(staging, text)).toContain('NODE_ENV must be staging (found development)');
  });

  describe('on files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-samples-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('fails for a missing file or a file that lacks variables', () => {
      writeFileSync(join(dir, 'partial'), 'NODE_ENV=development\nPORT=3000\n');
      const { ok, reports } = checkEnvSamples({
        root: dir,
        samples: [
          { file: 'partial', nodeEnv: 'development' },
          { file: 'absent', nodeEnv: 'development' },
        ],
      });
      expect(ok).toBe(false);
      expect(reports[0]!.problems[0]).toMatch(/^missing variables: HOST, LOG_LEVEL/);
      expect(reports[0]!.problems[0]!.split(', ')).toHaveLength(ENV_VARIABLES.length - 2);
      expect(reports[1]!.problems).toEqual(['file is missing']);
    });
  });
});
