/**
 * `pnpm bench`: throughput, time to first token, three concurrent streams and bundle sizes, side by
 * side with the Vercel AI SDK and the official SDKs; writes bench/RESULTS.md.
 *
 * Flags: --tokens=20000 --runs=5 --warmup=2 --ttft-runs=40 --wires=openai,anthropic
 *        --server=auto|local|shared --no-size --no-write
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderResults } from './src/report.js';
import { measureSizes } from './src/sizes.js';
import {
  CONTENDERS,
  type ConcurrentResult,
  type Options,
  type WireResult,
  benchConcurrent,
  benchWire,
  startServer,
} from './src/throughput.js';
import { WIRES, type Wire } from './src/wires.js';

const flags = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
    return [key!, value] as const;
  }),
);
const num = (name: string, fallback: number) => (flags.has(name) ? Number(flags.get(name)) : fallback);

const options: Options = {
  tokens: num('tokens', 20_000),
  runs: num('runs', 5),
  warmup: num('warmup', 2),
  ttftRuns: num('ttft-runs', 40),
  ttftTokens: 20,
  contenders: CONTENDERS.filter(
    (c) => !flags.has('contenders') || flags.get('contenders')!.split(',').includes(c.id),
  ),
  log: (line) => console.log(line),
};
const wires = (flags.get('wires')?.split(',') ?? WIRES) as Wire[];

async function sharedServerAvailable(): Promise<boolean> {
  try {
    const testing = await import('@trialogue/providers/testing');
    return typeof (testing as { startFakeProviderServer?: unknown }).startFakeProviderServer === 'function';
  } catch {
    return false;
  }
}

const wanted = flags.get('server') ?? 'auto';
const backend =
  wanted === 'auto' ? ((await sharedServerAvailable()) ? 'shared' : 'local') : (wanted as 'local' | 'shared');
const server = await startServer(backend);
console.log(
  `loopback server (${server.backend}) at ${server.url}; ${options.tokens} tokens, ${options.runs} runs after ${options.warmup} warm-up`,
);

const results: WireResult[] = [];
let concurrent: ConcurrentResult | undefined;
try {
  for (const wire of wires) results.push(await benchWire(server, wire, options));
  if (!flags.has('no-concurrent')) concurrent = await benchConcurrent(server, options);
} finally {
  server.close();
}

const sizes = flags.has('no-size') ? undefined : await measureSizes({ log: (line) => console.log(line) });
const markdown = renderResults({ options, wires: results, concurrent, sizes, serverBackend: server.backend });
if (!flags.has('no-write')) {
  writeFileSync(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), markdown);
  console.log('wrote bench/RESULTS.md');
} else {
  console.log(markdown);
}
