// `npm run check:deploy` (in ci:check): the deployment artefacts checked offline.
//   - every YAML file under deploy/ and .github/ parses;
//   - every variable the Dockerfile, the compose file and the Kubernetes manifests set is one
//     validateEnv() knows, and the production ConfigMap passes validateEnv() with the secrets
//     filled by placeholders;
//   - the Dockerfile is multi-stage, runs as a non-root user, has a health check, and starts
//     node under an init process (never npm, which would keep SIGTERM from node);
//   - the Kubernetes set has the API and worker Deployments, the migration Job, a Service, a
//     PodDisruptionBudget, an HorizontalPodAutoscaler, readiness on /health/ready and
//     liveness on /health/live, and no Secret written out;
//   - the Prometheus rules: every metric they read is one the API registers, and
//     `promtool test rules` passes (when promtool is installed).
// `kubectl --dry-run=client` is not used: it needs a cluster's API for discovery even then.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ENV_VARIABLES, EnvValidationError, validateEnv } from '../backend/src/config/env';
import { repoRoot } from '../backend/src/config/paths';

const known = new Set<string>(ENV_VARIABLES);
const problems: string[] = [];
const notes: string[] = [];
const problem = (where: string, what: string) => problems.push(`${where}: ${what}`);

type Doc = Record<string, unknown>;
const asRecord = (v: unknown): Doc => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Doc) : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function load(file: string): Doc[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true });
  const out: Doc[] = [];
  for (const doc of docs) {
    for (const error of doc.errors) problem(relative(repoRoot, file), `YAML: ${error.message}`);
    const value = doc.toJS() as unknown;
    if (value) out.push(asRecord(value));
  }
  return out;
}

const checkNames = (where: string, names: Iterable<string>) => {
  for (const name of names) if (!known.has(name)) problem(where, `sets ${name}, which validateEnv() does not know`);
};

const deployDir = join(repoRoot, 'deploy');
// The forge's workflow is YAML too: it must at least parse.
const files = [...yamlFiles(deployDir), ...yamlFiles(join(repoRoot, '.github'))];
const byFile = new Map(files.map((f) => [f, load(f)]));

// ── Dockerfile ──
const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((l) => /^[A-Z]+\s/.test(l));
if (instructions.filter((l) => l.startsWith('FROM ')).length < 2) problem('Dockerfile', 'is not multi-stage');
const user = instructions.filter((l) => l.startsWith('USER ')).at(-1);
if (!user || /USER\s+(root|0)\b/.test(user)) problem('Dockerfile', 'the final stage must run as a non-root USER');
if (!instructions.some((l) => l.startsWith('HEALTHCHECK '))) problem('Dockerfile', 'has no HEALTHCHECK');
if (!/ENTRYPOINT\s+\[\s*"[^"]*tini"/.test(dockerfile)) problem('Dockerfile', 'needs an init process (tini) as PID 1 so signals reach node');
const cmd = instructions.filter((l) => l.startsWith('CMD ')).at(-1) ?? '';
if (!/^CMD\s+\[\s*"node"/.test(cmd)) problem('Dockerfile', 'CMD must start node directly');
checkNames(
  'Dockerfile',
  instructions.filter((l) => l.startsWith('ENV ')).flatMap((l) => [...l.slice(4).matchAll(/([A-Z_][A-Z0-9_]*)=/g)].map((m) => m[1]!)),
);

// ── compose ──
for (const [file, docs] of byFile) {
  const where = relative(repoRoot, file);
  for (const doc of docs) {
    if (!doc.services) continue;
    for (const [name, service] of Object.entries(asRecord(doc.services))) {
      const s = asRecord(service);
      if (!String(s.image ?? '').startsWith('khadamat')) continue; // third-party images have their own variables
      const env = s.environment;
      const names = Array.isArray(env) ? env.map((e) => String(e).split('=')[0]!) : Object.keys(asRecord(env));
      checkNames(`${where} service ${name}`, names);
      const command = asArray(s.command);
      if (command.length && command[0] !== 'node') problem(`${where} service ${name}`, 'must start node directly');
    }
  }
}

// ── Kubernetes ──
const k8s = [...byFile]
  .filter(([f]) => f.includes(`${join('deploy', 'k8s')}`))
  .flatMap(([f, docs]) => docs.map((d) => ({ file: f, doc: d })));
const kinds = k8s.map(({ doc }) => `${String(doc.kind)}/${String(asRecord(doc.metadata).name)}`);
for (const required of ['Deployment/khadamat-api', 'Deployment/khadamat-worker', 'Job/khadamat-migrate', 'Service/khadamat-api']) {
  if (!kinds.includes(required)) problem('deploy/k8s', `no ${required}`);
}
for (const kind of ['PodDisruptionBudget', 'HorizontalPodAutoscaler', 'ConfigMap']) {
  if (!k8s.some(({ doc }) => doc.kind === kind)) problem('deploy/k8s', `no ${kind}`);
}
let configMapData: Record<string, string> = {};
for (const { file, doc } of k8s) {
  const where = `${relative(repoRoot, file)} ${String(doc.kind)}/${String(asRecord(doc.metadata).name)}`;
  if (!doc.apiVersion || !doc.kind || !asRecord(doc.metadata).name) problem(where, 'needs apiVersion, kind and metadata.name');
  if (doc.kind === 'Secret') problem(where, 'a Secret must be created from the secret store, never committed');
  if (doc.kind === 'ConfigMap') {
    configMapData = Object.fromEntries(Object.entries(asRecord(doc.data)).map(([k, v]) => [k, String(v)]));
    checkNames(where, Object.keys(configMapData));
  }
  const podSpec = asRecord(asRecord(asRecord(doc.spec).template).spec);
  for (const container of asArray(podSpec.containers).map(asRecord)) {
    const env = asArray(container.env).map(asRecord);
    checkNames(
      where,
      env.map((e) => String(e.name)),
    );
    for (const e of env) {
      const ref = asRecord(asRecord(e.valueFrom).secretKeyRef);
      if (ref.key) checkNames(`${where} secretKeyRef`, [String(ref.key)]);
      if (e.value !== undefined && /SECRET|KEY|PASSWORD|TOKEN|DATABASE_URL/.test(String(e.name)))
        problem(where, `${String(e.name)} is inlined: reference the Secret instead`);
    }
    const args = asArray(container.args ?? container.command);
    if (args[0] !== 'node') problem(where, 'the container must start node directly');
    if (asRecord(podSpec.securityContext).runAsNonRoot !== true) problem(where, 'must set securityContext.runAsNonRoot');
    if (String(asRecord(doc.metadata).name) === 'khadamat-api') {
      if (asRecord(asRecord(container.readinessProbe).httpGet).path !== '/health/ready')
        problem(where, 'readinessProbe must be GET /health/ready');
      if (asRecord(asRecord(container.livenessProbe).httpGet).path !== '/health/live')
        problem(where, 'livenessProbe must be GET /health/live');
    }
  }
}
// The ConfigMap plus the Secret's keys (placeholders here) must be a valid production environment.
const secretPlaceholders = {
  DATABASE_URL: 'postgresql://app@db.internal:5432/khadamat',
  SHADOW_DATABASE_URL: 'postgresql://app@db.internal:5432/khadamat_shadow',
  SESSION_SECRET: 's'.repeat(40),
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  STRIPE_SECRET_KEY: 'sk_live_placeholder',
  STRIPE_WEBHOOK_SECRET: 'whsec_placeholder',
  SMTP_HOST: 'smtp.internal',
  SMTP_FROM: 'Khadamat <no-reply@khadamat.example.com>',
  SMS_API_BASE_URL: 'https://sms.example.com',
  SMS_API_KEY: 'placeholder',
  SMS_SENDER_ID: 'Khadamat',
  KYC_API_BASE_URL: 'https://kyc.example.com',
  KYC_API_KEY: 'placeholder',
  KYC_API_SECRET: 'placeholder',
  KYC_WEBHOOK_SECRET: 'placeholder',
  SENTRY_DSN: 'https://key@sentry.example.com/1',
  METRICS_TOKEN: 'm'.repeat(32),
  ADMIN_IP_ALLOWLIST: '10.0.0.0/8',
  BACKUP_ENCRYPTION_KEY: 'b'.repeat(40),
};
try {
  validateEnv({ ...secretPlaceholders, ...configMapData });
} catch (error) {
  if (!(error instanceof EnvValidationError)) throw error;
  for (const p of error.problems) problem('deploy/k8s ConfigMap (with the Secret filled)', p);
}

// ── Prometheus rules ──
const metricsSource = readFileSync(join(repoRoot, 'backend/src/platform/metrics/metrics.ts'), 'utf8');
const registered = new Set([...metricsSource.matchAll(/(?:name: |gauge\()'([a-z_]+)'/g)].map((m) => m[1]!));
registered.add('up'); // Prometheus's own series for every scrape target
const rules = load(join(deployDir, 'prometheus/alerts.yaml'))
  .flatMap((d) => asArray(d.groups))
  .flatMap((g) => asArray(asRecord(g).rules).map(asRecord));
const promqlWords = new Set([
  'sum',
  'rate',
  'increase',
  'delta',
  'max',
  'min',
  'by',
  'le',
  'or',
  'and',
  'time',
  'histogram_quantile',
  'job',
  'route',
  'status_code',
  'dependency',
  'provider',
  'channel',
]);
for (const rule of rules) {
  const expr = String(rule.expr).replace(/"[^"]*"/g, '');
  for (const [word] of expr.matchAll(/[a-z_]+(?=\{|\s*\)|\s*[><=])/g)) {
    const metric = word.replace(/_(bucket|sum|count)$/, '');
    if (!promqlWords.has(word) && !registered.has(metric))
      problem(`alert ${String(rule.alert)}`, `reads ${word}, which the API does not register`);
  }
  if (!String(asRecord(rule.annotations).runbook ?? '').startsWith('docs/operations.md#'))
    problem(`alert ${String(rule.alert)}`, 'needs a runbook annotation');
}
const operations = readFileSync(join(repoRoot, 'docs/operations.md'), 'utf8');
for (const rule of rules) {
  const anchor = String(asRecord(rule.annotations).runbook ?? '').split('#')[1];
  const headings = [...operations.matchAll(/^#+\s+(.+)$/gm)].map((m) =>
    m[1]!
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .replace(/ /g, '-'),
  );
  if (anchor && !headings.includes(anchor))
    problem(`alert ${String(rule.alert)}`, `runbook #${anchor} is not a heading of docs/operations.md`);
}
try {
  execFileSync('promtool', ['test', 'rules', join(deployDir, 'prometheus/alerts.test.yaml')], { stdio: 'pipe' });
  notes.push(`promtool test rules: ${rules.length} rules, every test case passed`);
} catch (error) {
  const e = error as { code?: string; stdout?: Buffer; stderr?: Buffer };
  if (e.code === 'ENOENT') notes.push('promtool not installed (apt-get install prometheus): rule tests skipped, metric names checked');
  else
    problem(
      'deploy/prometheus/alerts.test.yaml',
      `promtool test rules failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`,
    );
}

for (const note of notes) console.log(note);
if (problems.length) {
  console.error(`deployment artefacts: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `deployment artefacts OK: ${files.length} YAML files parse; Dockerfile, compose and ${k8s.length} Kubernetes objects set only known variables; ${rules.length} alert rules read registered metrics.`,
);
