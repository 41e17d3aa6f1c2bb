// Where a CPU profile's time went (a `.cpuprofile` written by `node --cpu-prof`): self time
// grouped by what owns the code (an npm package, a part of Node, the API's own bundle), and
// the functions that took the most. `npm run bench` prints it for the API when
// BENCH_CPU_PROF is set; `tsx scripts/bench/cpu-profile.ts <file>` prints it for any profile.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Who owns a script: `pino`, `@fastify/rate-limit`, `node:net`, `api` (the bundle), or V8's own entries. */
export function ownerOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[1] ?? url.slice(5)}`;
  if (/\/backend\/(dist|src)\//.test(url)) return 'api';
  return url.split('/').slice(-2).join('/');
}

export interface Breakdown {
  totalMs: number;
  /** Share of all samples per owner, idle included (the load generator shares the machine). */
  owners: { owner: string; ms: number; share: number }[];
  functions: { name: string; owner: string; ms: number; share: number }[];
}

/**
 * `lastMs`: only the samples of the profile's last milliseconds (the load, not the start-up).
 * Native code (a socket or file write) is counted with the JavaScript that called it.
 */
export function breakdown(profile: Profile, { lastMs = Infinity }: { lastMs?: number } = {}): Breakdown {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const times: number[] = [];
  let at = 0;
  for (const delta of profile.timeDeltas) times.push((at += delta));
  const from = at - lastMs * 1000;
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    if (times[i]! >= from) selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const callerOwner = (id: number): string => {
    for (let up = parentOf.get(id); up !== undefined; up = parentOf.get(up)) {
      const { url, functionName } = byId.get(up)!.callFrame;
      if (url) return `${ownerOf(url, functionName)} (native)`;
    }
    return '(native)';
  };
  const owners = new Map<string, number>();
  const functions = new Map<string, { owner: string; ms: number }>();
  let totalMs = 0;
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const own = ownerOf(url, functionName);
    const owner = own === '(native)' ? callerOwner(id) : own;
    totalMs += ms;
    owners.set(owner, (owners.get(owner) ?? 0) + ms);
    const name = `${functionName || '(anonymous)'} ${url.split('/').at(-1) ?? ''}:${lineNumber + 1}`;
    const entry = functions.get(name) ?? { owner, ms: 0 };
    entry.ms += ms;
    functions.set(name, entry);
  }
  const share = (ms: number) => ms / totalMs;
  return {
    totalMs,
    owners: [...owners].map(([owner, ms]) => ({ owner, ms, share: share(ms) })).sort((a, b) => b.ms - a.ms),
    functions: [...functions].map(([name, { owner, ms }]) => ({ name, owner, ms, share: share(ms) })).sort((a, b) => b.ms - a.ms),
  };
}

export function printBreakdown(title: string, result: Breakdown, top = 15): void {
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`.padStart(6);
  const busy = result.owners.filter((o) => o.owner !== '(idle)').reduce((sum, o) => sum + o.share, 0);
  console.log(`\n${title}: ${(result.totalMs / 1000).toFixed(1)} s sampled, busy ${pct(busy).trim()} (the rest idle)`);
  console.log('  by owner (self time):');
  for (const o of result.owners.slice(0, top)) console.log(`  ${pct(o.share)}  ${o.owner}`);
  console.log('  top functions (self time):');
  for (const f of result.functions.filter((f) => f.owner !== '(idle)').slice(0, top))
    console.log(`  ${pct(f.share)}  ${f.name} [${f.owner}]`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) printBreakdown(file, breakdown(JSON.parse(readFileSync(file, 'utf8')) as Profile));
}
