/**
 * Throughput, time to first token and three concurrent streams. The loopback server runs in one
 * child process and every client in its own (see client.ts); the parent only schedules and counts.
 */
import { type Child, forkChild } from './child.js';
import type { ClientReply } from './client.js';
import { CONTENDERS } from './contenders.js';
import { answerText, type Wire } from './wires.js';

export interface BenchServer {
  url: string;
  backend: string;
  /** Tells the server what the next `requests` answers hold. */
  prepare(tokens: number, requests?: number): Promise<void>;
  close(): void;
}

/** Starts the loopback server in a child process. */
export async function startServer(backend: 'local' | 'slices' | 'shared'): Promise<BenchServer> {
  const child = await forkChild<{ url: string; backend: string }>('./server.ts', [backend]);
  return {
    ...child.hello,
    async prepare(tokens, requests = 1) {
      await child.request({ tokens, requests });
    },
    close: () => child.close(),
  };
}

/** One process per client: contender ids, plus `official` (the official SDKs together) for the chat. */
export interface ClientPool {
  /** Whether client `name` speaks all of `wires`. */
  supports(name: string, wires: Wire[]): Promise<boolean>;
  /** Streams `wires` at once (one stream each) from `server` through client `name`. */
  time(name: string, wires: Wire[], server: BenchServer, tokens: number): Promise<Timing>;
  close(): void;
}

export async function startClients(names: string[]): Promise<ClientPool> {
  const children = new Map<string, Child<unknown>>();
  // BENCH_CLIENT_FLAGS: extra node flags for the client processes (profile.ts passes --cpu-prof).
  const flags = process.env.BENCH_CLIENT_FLAGS?.split(' ').filter(Boolean) ?? [];
  for (const name of names) children.set(name, await forkChild('./client.ts', [name], flags));
  const expected = new Map<number, number>();
  const ask = async (name: string, message: object) => {
    const child = children.get(name);
    if (!child) throw new Error(`no client process for ${name}`);
    const reply = await child.request<ClientReply>(message);
    if ('error' in reply) throw new Error(`${name}: ${reply.error}`);
    return reply;
  };
  return {
    async supports(name, wires) {
      if (!children.has(name)) return false;
      return !('unsupported' in (await ask(name, { wires, url: 'http://127.0.0.1:9', probe: true })));
    },
    async time(name, wires, server, tokens) {
      let check = expected.get(tokens);
      if (check === undefined) {
        check = answerText(tokens).length;
        expected.set(tokens, check);
      }
      await server.prepare(tokens, wires.length);
      const reply = await ask(name, { wires, url: server.url, check: name === 'raw' ? undefined : check });
      if (!('ok' in reply)) throw new Error(`${name} does not speak ${wires.join(', ')}`);
      return { totalMs: reply.totalMs, firstMs: reply.firstMs, cpuMs: reply.cpuMs };
    },
    close() {
      for (const child of children.values()) child.close();
    },
  };
}

export const median = (values: number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface Timing {
  /** Wall time of the whole stream (all streams, when several run at once), ms. */
  totalMs: number;
  /** From the call to the first token (raw fetch: the first body chunk), ms. */
  firstMs: number;
  /**
   * CPU time the client process spent (user + system), ms. On a machine shared with other work the
   * wall time also holds the time the process waited for a core; this does not.
   */
  cpuMs: number;
}

export interface WireResult {
  wire: Wire;
  /** Contender id -> median timings (absent: the contender does not speak this wire). */
  stream: Map<string, Timing>;
  /** Median over rounds of (raw fetch's time / this time), both measured in the same round. */
  ratio: Map<string, number>;
  /** Median over rounds of (bare parse's time / this time). */
  vsBare: Map<string, number>;
  /** The same with CPU time instead of wall time. */
  vsBareCpu: Map<string, number>;
  firstToken: Map<string, number>;
}

/** The clients in the order of round `round`: rotated every round, so no client always follows the same one. */
function rotated<T>(entries: T[], round: number): T[] {
  const k = round % Math.max(1, entries.length);
  return [...entries.slice(k), ...entries.slice(0, k)];
}

/** Median of per-round ratios `reference[i] / timings[i]`: robust to a machine that speeds up and slows down. */
function roundRatio(
  reference: Timing[] | undefined,
  timings: Timing[],
  of: 'totalMs' | 'cpuMs' = 'totalMs',
): number {
  if (!reference) return Number.NaN;
  return median(timings.map((t, i) => reference[i]![of] / t[of]));
}

export interface Options {
  tokens: number;
  runs: number;
  warmup: number;
  ttftRuns: number;
  ttftTokens: number;
  /** Contender ids to run. */
  contenders: string[];
  log: (line: string) => void;
}

/** Runs rounds of `names` (rotated each round) and returns the timings after the warm-up rounds. */
async function rounds(
  names: string[],
  count: number,
  warmup: number,
  once: (name: string) => Promise<Timing>,
): Promise<Map<string, Timing[]>> {
  const timings = new Map<string, Timing[]>(names.map((name) => [name, []]));
  for (let round = 0; round < warmup + count; round++) {
    for (const name of rotated(names, round)) {
      const timing = await once(name);
      if (round >= warmup) timings.get(name)!.push(timing);
    }
  }
  return timings;
}

/**
 * Measures every contender on one wire. Runs are interleaved (one run of each contender per round,
 * in an order rotated every round) so a slow moment on a shared machine hits everyone alike; the
 * median of the rounds is kept, and ratios are taken within each round before their median.
 */
export async function benchWire(
  server: BenchServer,
  clients: ClientPool,
  wire: Wire,
  options: Options,
): Promise<WireResult> {
  const names: string[] = [];
  for (const name of options.contenders) if (await clients.supports(name, [wire])) names.push(name);
  const totals = await rounds(names, options.runs, options.warmup, (name) =>
    clients.time(name, [wire], server, options.tokens),
  );
  const firsts = await rounds(names, options.ttftRuns, options.ttftRuns ? options.warmup : 0, (name) =>
    clients.time(name, [wire], server, options.ttftTokens),
  );
  const result: WireResult = {
    wire,
    stream: new Map(),
    ratio: new Map(),
    vsBare: new Map(),
    vsBareCpu: new Map(),
    firstToken: new Map(),
  };
  for (const name of names) {
    const timings = totals.get(name)!;
    result.stream.set(name, {
      totalMs: median(timings.map((t) => t.totalMs)),
      firstMs: median(timings.map((t) => t.firstMs)),
      cpuMs: median(timings.map((t) => t.cpuMs)),
    });
    result.ratio.set(name, roundRatio(totals.get('raw'), timings));
    result.vsBare.set(name, roundRatio(totals.get('bare'), timings));
    result.vsBareCpu.set(name, roundRatio(totals.get('bare'), timings, 'cpuMs'));
    result.firstToken.set(name, median(firsts.get(name)!.map((t) => t.firstMs)));
    options.log(
      `  ${wire.padEnd(18)} ${name.padEnd(14)} ${result.stream.get(name)!.totalMs.toFixed(1).padStart(8)} ms  ratio ${result.ratio.get(name)!.toFixed(3)}  × bare ${result.vsBare.get(name)!.toFixed(2)} (cpu ${result.vsBareCpu.get(name)!.toFixed(2)})  ttft ${result.firstToken.get(name)!.toFixed(3)} ms`,
    );
  }
  return result;
}

/** The three-model chats measured: three streams at once, per client. */
export const CHATS: { id: string; label: string; wires: Wire[] }[] = [
  { id: 'three-openai', label: 'three OpenAI streams', wires: ['openai', 'openai', 'openai'] },
  { id: 'mixed', label: 'OpenAI + Anthropic + Gemini', wires: ['openai', 'anthropic', 'google'] },
  { id: 'openai-anthropic-groq', label: 'OpenAI + Anthropic + Groq', wires: ['openai', 'anthropic', 'groq'] },
];

/** The clients of the chat: the official SDKs run together, as `official`. */
export const chatClients = (contenders: string[]) => [
  ...contenders.filter((id) => id !== 'openai-sdk' && id !== 'anthropic-sdk'),
  ...(contenders.includes('openai-sdk') && contenders.includes('anthropic-sdk') ? ['official'] : []),
];

export interface ConcurrentResult {
  chat: (typeof CHATS)[number];
  /** Which server wrote the bodies (`local`: one HTTP chunk per event; `slices`: 64 KiB slices). */
  backend: string;
  tokens: number;
  /** Client (contender id, or `official`) -> median wall time for all three streams. */
  wallMs: Map<string, number>;
  /** Median over rounds of (raw fetch's wall time / this wall time). */
  ratio: Map<string, number>;
  /** Median over rounds of (the bare loop's wall time / this wall time). */
  vsBare: Map<string, number>;
  /** The same with CPU time. */
  vsBareCpu: Map<string, number>;
}

/** Runs one three-model chat on `server`: every client, interleaved rounds, medians. */
export async function benchConcurrent(
  server: BenchServer,
  clients: ClientPool,
  chat: (typeof CHATS)[number],
  options: Options & { concurrentTokens: number; chatAiSdk?: boolean },
): Promise<ConcurrentResult> {
  const names: string[] = [];
  for (const name of chatClients(options.contenders)) {
    // The AI SDK takes about 25 s per three-stream run of 30,000 tokens on this machine: it runs in
    // the chats only when asked (--chat-ai-sdk); its per-wire rows show its cost.
    if (name === 'ai-sdk' && !options.chatAiSdk) continue;
    if (await clients.supports(name, chat.wires)) names.push(name);
  }
  const walls = await rounds(names, options.runs, options.warmup, (name) =>
    clients.time(name, chat.wires, server, options.concurrentTokens),
  );
  const result: ConcurrentResult = {
    chat,
    backend: server.backend,
    tokens: options.concurrentTokens,
    wallMs: new Map(),
    ratio: new Map(),
    vsBare: new Map(),
    vsBareCpu: new Map(),
  };
  for (const name of names) {
    const timings = walls.get(name)!;
    result.wallMs.set(name, median(timings.map((t) => t.totalMs)));
    result.ratio.set(name, roundRatio(walls.get('raw'), timings));
    result.vsBare.set(name, roundRatio(walls.get('bare'), timings));
    result.vsBareCpu.set(name, roundRatio(walls.get('bare'), timings, 'cpuMs'));
    options.log(
      `  ${chat.id.padEnd(22)} ${server.backend.padEnd(7)} ${name.padEnd(14)} ${result.wallMs.get(name)!.toFixed(1).padStart(8)} ms  × bare ${result.vsBare.get(name)!.toFixed(2)} (cpu ${result.vsBareCpu.get(name)!.toFixed(2)})`,
    );
  }
  return result;
}

export { CONTENDERS };
