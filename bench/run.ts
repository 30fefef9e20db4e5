/**
 * `pnpm bench`: throughput, time to first token, three concurrent streams and bundle sizes, side by
 * side with the Vercel AI SDK and the official SDKs; writes bench/RESULTS.md.
 *
 * Flags: --tokens=20000 --runs=9 --warmup=2 --ttft-runs=40 --wires=openai,anthropic
 *        --contenders=raw,bare,trialogue,ai-sdk,openai-sdk,anthropic-sdk
 *        --server=local|shared --from=dist|src --no-concurrent --no-shared --no-size --no-write
 *        --concurrent-tokens=30000 --chats=three-openai,mixed,openai-anthropic-groq --chat-ai-sdk
 * `--from` only labels the run and picks what the bundles resolve: which code the streams run is
 * decided by tsx's tsconfig (`pnpm bench:src` points it at tsconfig.src.json, whose paths map
 * `@trialogue/*` to the sources).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchElementRender, renderElementRender } from './src/element-render.js';
import { measureElementSizes, renderElementSizes } from './src/element-sizes.js';
import { renderResults } from './src/report.js';
import { measureSizes } from './src/sizes.js';
import {
  benchConcurrent,
  benchWire,
  CHATS,
  CONTENDERS,
  type ConcurrentResult,
  chatClients,
  type Options,
  startClients,
  startServer,
  type WireResult,
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
  runs: num('runs', 9),
  warmup: num('warmup', 2),
  ttftRuns: num('ttft-runs', 40),
  ttftTokens: 20,
  contenders: CONTENDERS.map((c) => c.id).filter(
    (id) => !flags.has('contenders') || flags.get('contenders')!.split(',').includes(id),
  ),
  log: (line) => console.log(line),
};
const wires = (flags.get('wires')?.split(',') ?? WIRES) as Wire[];

// Sizes first and every Trialogue module loaded up front, right after the build: other work in the
// same checkout may rebuild the packages (tsup cleans dist) while the streams run.
const from = flags.get('from') === 'src' ? 'src' : 'dist';
const sizes = flags.has('no-size')
  ? undefined
  : await measureSizes({ from, log: (line) => console.log(line) });
const elementSizes = flags.has('no-size')
  ? undefined
  : await measureElementSizes({ log: (line) => console.log(line) });
// One process per client; each loads its library now, not mid-run.
const clients = await startClients([...new Set([...options.contenders, ...chatClients(options.contenders)])]);

const backend = flags.get('server') === 'shared' ? 'shared' : 'local';
const server = await startServer(backend);
const sharedServer =
  backend === 'local' && !flags.has('no-shared')
    ? await startServer('shared').catch((error: Error) => {
        console.log(`no shared fake server: ${error.message}`);
        return undefined;
      })
    : undefined;
console.log(
  `loopback server (${server.backend}) at ${server.url}; ${options.tokens} tokens, ${options.runs} runs after ${options.warmup} warm-up`,
);

// Warm every client on every wire first (as in an app that has been running), so the wire measured
// first does not pay for the JIT's tiering.
for (const wire of wires) {
  for (const name of options.contenders) {
    if (!(await clients.supports(name, [wire]))) continue;
    for (let i = 0; i < options.warmup; i++) await clients.time(name, [wire], server, options.tokens);
  }
}

const results: WireResult[] = [];
const concurrent: ConcurrentResult[] = [];
try {
  for (const wire of wires) results.push(await benchWire(server, clients, wire, options));
  if (!flags.has('no-concurrent')) {
    // Three-model chats, from this server (one HTTP chunk per event) and from one that writes the
    // body in 64 KiB slices (a buffer at a time, as the independent measurement of #10 did).
    const slices = backend === 'local' ? await startServer('slices') : undefined;
    const chatOptions = {
      ...options,
      concurrentTokens: num('concurrent-tokens', 30_000),
      chatAiSdk: flags.has('chat-ai-sdk'),
    };
    const chats = CHATS.filter(
      (chat) => !flags.has('chats') || flags.get('chats')!.split(',').includes(chat.id),
    );
    try {
      for (const chatServer of slices ? [server, slices] : [server])
        for (const chat of chats)
          concurrent.push(await benchConcurrent(chatServer, clients, chat, chatOptions));
    } finally {
      slices?.close();
    }
  }
} finally {
  server.close();
}

// A shorter second pass through the project's own fake provider server, which writes one
// `res.write()` per event: there the server, not the client, sets the limit (see README.md).
let sharedPass: WireResult[] | undefined;
if (backend === 'local' && !flags.has('no-shared')) {
  const shared = sharedServer;
  if (shared) {
    console.log(`shared fake provider server at ${shared.url}`);
    const sharedOptions = {
      ...options,
      runs: Math.max(3, Math.ceil(options.runs / 2)),
      warmup: 1,
      ttftRuns: 0,
    };
    sharedPass = [];
    try {
      for (const wire of ['openai', 'anthropic', 'google'] as Wire[]) {
        if (wires.includes(wire)) sharedPass.push(await benchWire(shared, clients, wire, sharedOptions));
      }
    } finally {
      shared.close();
    }
  }
}
clients.close();

// <trialogue-chat> in Chromium: 3 panes x 5,000 tokens of mixed markdown (--no-element to skip).
const elementRender = flags.has('no-element')
  ? undefined
  : await benchElementRender({ tokens: num('element-tokens', 5_000), log: (line) => console.log(line) });

const markdown =
  renderResults({
    options,
    wires: results,
    concurrent,
    sizes,
    serverBackend: server.backend,
    from,
    sharedPass,
  }) + (elementSizes ? `\n${renderElementSizes(elementSizes)}` : '');
const elementSection = elementRender ? `\n${renderElementRender(elementRender)}\n` : '';
if (!flags.has('no-write')) {
  writeFileSync(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), markdown + elementSection);
  console.log('wrote bench/RESULTS.md');
} else {
  console.log(markdown + elementSection);
}
