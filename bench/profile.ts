/**
 * `pnpm --filter @trialogue/bench profile -- --contender=trialogue --wire=anthropic [--runs=40]`:
 * runs one client on one wire, its process under `node --cpu-prof`, and prints the functions with the most self
 * time (file and line), to find the hot spot when a target is missed. Profiles land in bench/.tmp/prof.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const flag = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const contender = flag('contender', 'trialogue');
const wire = flag('wire', 'anthropic');
const runs = flag('runs', '40');
const top = Number(flag('top', '30'));

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const dir = `${benchDir}.tmp/prof`;
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const run = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    'run.ts',
    `--contenders=${contender}`,
    `--wires=${wire}`,
    `--runs=${runs}`,
    '--warmup=2',
    '--ttft-runs=0',
    '--no-concurrent',
    '--no-shared',
    '--no-size',
    '--no-write',
  ],
  {
    cwd: benchDir,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    // Only the client process is profiled: that is where the library under test runs.
    env: { ...process.env, BENCH_CLIENT_FLAGS: `--cpu-prof --cpu-prof-dir=${dir}` },
  },
);
console.log(
  run.stdout
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .join('\n'),
);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const profile = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const perNode = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!;
  perNode.set(id, (perNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const self = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const micros = perNode.get(node.id) ?? 0;
  total += micros;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url
    .replace(/^.*\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '')
    .replace(/^.*\/work\/[^/]+\//, '');
  const key = `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + micros);
}
console.log(`\nself time, ${contender} on ${wire} (${runs} runs; total ${(total / 1000).toFixed(0)} ms):`);
for (const [key, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(
    `${(micros / 1000).toFixed(1).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`,
  );
}
