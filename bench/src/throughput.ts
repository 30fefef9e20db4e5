/**
 * Throughput, time to first token and three concurrent streams, all against the loopback server
 * running in a child process.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CONTENDERS, type Contender, type Run } from './contenders.js';
import { type Wire, answerText } from './wires.js';

export interface BenchServer {
  url: string;
  backend: string;
  /** Tells the server what the next `requests` answers hold. */
  prepare(tokens: number, requests?: number): Promise<void>;
  close(): void;
}

/** Starts the loopback server in a child process. */
export async function startServer(backend: 'local' | 'shared'): Promise<BenchServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [backend], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const hello = await new Promise<{ url: string; backend: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; backend: string }));
    child.once('exit', (code) => reject(new Error(`bench server (${backend}) exited with ${code}`)));
  });
  let nextId = 0;
  const waiting = new Map<number, () => void>();
  child.on('message', (m) => {
    const { id } = m as { id?: number };
    if (id !== undefined) {
      waiting.get(id)?.();
      waiting.delete(id);
    }
  });
  return {
    ...hello,
    prepare(tokens, requests = 1) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        child.send({ id, tokens, requests });
      });
    },
    close() {
      child.disconnect();
    },
  };
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface Timing {
  /** Wall time of the whole stream, ms. */
  totalMs: number;
  /** From the call to the first token (raw fetch: the first body chunk), ms. */
  firstMs: number;
}

async function timeOnce(
  run: Run,
  server: BenchServer,
  tokens: number,
  check: number | undefined,
): Promise<Timing> {
  await server.prepare(tokens);
  let first = Number.NaN;
  const start = performance.now();
  const got = await run(server.url, () => {
    first = performance.now();
  });
  const end = performance.now();
  if (check !== undefined && got !== check)
    throw new Error(`expected ${check} characters of text, got ${got}`);
  return { totalMs: end - start, firstMs: first - start };
}

export interface WireResult {
  wire: Wire;
  /** Contender id -> median timings (absent: the contender does not speak this wire). */
  stream: Map<string, Timing>;
  /** Median over rounds of (raw fetch's time / this time), both measured in the same round. */
  ratio: Map<string, number>;
  /** Median over rounds of (bare parse's time / this time). */
  vsBare: Map<string, number>;
  firstToken: Map<string, number>;
}

/**
 * The clients in the order of round `round`: rotated every round, so the cost of collecting the
 * previous client's garbage (the AI SDK leaves a lot) falls on each client in turn.
 */
function rotated<T>(entries: T[], round: number): T[] {
  const k = round % Math.max(1, entries.length);
  return [...entries.slice(k), ...entries.slice(0, k)];
}

/** Median of per-round ratios `reference[i] / timings[i]`: robust to a machine that speeds up and slows down. */
function roundRatio(reference: Timing[] | undefined, timings: Timing[]): number {
  if (!reference) return Number.NaN;
  return median(timings.map((t, i) => reference[i]!.totalMs / t.totalMs));
}

export interface Options {
  tokens: number;
  runs: number;
  warmup: number;
  ttftRuns: number;
  ttftTokens: number;
  contenders: Contender[];
  log: (line: string) => void;
}

/**
 * Measures every contender on one wire. Runs are interleaved (one run of each contender per round)
 * in an order rotated every round, so a slow moment on a shared machine hits everyone alike; the median of the rounds is kept, and
 * ratios are taken within each round before their median.
 */
export async function benchWire(server: BenchServer, wire: Wire, options: Options): Promise<WireResult> {
  const runs = new Map<string, Run>();
  for (const contender of options.contenders) {
    const run = await contender.forWire(wire);
    if (run) runs.set(contender.id, run);
  }
  const expected = answerText(options.tokens).length;
  const expectedShort = answerText(options.ttftTokens).length;
  const totals = new Map<string, Timing[]>();
  const firsts = new Map<string, number[]>();
  for (let round = 0; round < options.warmup + options.runs; round++) {
    for (const [id, run] of rotated([...runs], round)) {
      const timing = await timeOnce(run, server, options.tokens, id === 'raw' ? undefined : expected);
      if (round >= options.warmup) totals.set(id, [...(totals.get(id) ?? []), timing]);
    }
  }
  for (let round = 0; round < options.warmup + options.ttftRuns; round++) {
    for (const [id, run] of rotated([...runs], round)) {
      const timing = await timeOnce(
        run,
        server,
        options.ttftTokens,
        id === 'raw' ? undefined : expectedShort,
      );
      if (round >= options.warmup) firsts.set(id, [...(firsts.get(id) ?? []), timing.firstMs]);
    }
  }
  const result: WireResult = {
    wire,
    stream: new Map(),
    ratio: new Map(),
    vsBare: new Map(),
    firstToken: new Map(),
  };
  for (const id of runs.keys()) {
    const timings = totals.get(id) ?? [];
    result.ratio.set(id, roundRatio(totals.get('raw'), timings));
    result.vsBare.set(id, roundRatio(totals.get('bare'), timings));
    result.stream.set(id, {
      totalMs: median(timings.map((t) => t.totalMs)),
      firstMs: median(timings.map((t) => t.firstMs)),
    });
    result.firstToken.set(id, median(firsts.get(id) ?? []));
  }
  for (const [id, t] of result.stream) {
    const ratio = result.ratio.get(id)!.toFixed(3);
    options.log(
      `  ${wire.padEnd(18)} ${id.padEnd(14)} ${t.totalMs.toFixed(1).padStart(8)} ms  ratio ${ratio}  ttft ${result.firstToken.get(id)?.toFixed(3)} ms`,
    );
  }
  return result;
}

/** A three-model chat: three streams at once on three wires, per contender. */
export const CHAT_WIRES: Wire[] = ['openai', 'anthropic', 'groq'];

export interface ConcurrentResult {
  /** Contender id (or 'official' for the official SDKs together) -> median wall time for all three. */
  wallMs: Map<string, number>;
  /** Median over rounds of (raw fetch's wall time / this wall time). */
  ratio: Map<string, number>;
}

export async function benchConcurrent(server: BenchServer, options: Options): Promise<ConcurrentResult> {
  // Per contender, a run for each of the three wires (the official SDKs: openai for openai and groq, anthropic for anthropic).
  const sets = new Map<string, Run[]>();
  const byId = new Map(options.contenders.map((c) => [c.id, c]));
  for (const contender of options.contenders) {
    if (contender.id === 'openai-sdk' || contender.id === 'anthropic-sdk') continue;
    const runs = await Promise.all(CHAT_WIRES.map((wire) => contender.forWire(wire)));
    if (runs.every(Boolean)) sets.set(contender.id, runs as Run[]);
  }
  const openaiSdk = byId.get('openai-sdk');
  const anthropicSdk = byId.get('anthropic-sdk');
  if (openaiSdk && anthropicSdk) {
    const runs = await Promise.all(
      CHAT_WIRES.map((wire) => (wire === 'anthropic' ? anthropicSdk : openaiSdk).forWire(wire)),
    );
    if (runs.every(Boolean)) sets.set('official', runs as Run[]);
  }
  const walls = new Map<string, number[]>();
  for (let round = 0; round < options.warmup + options.runs; round++) {
    for (const [id, runs] of rotated([...sets], round)) {
      await server.prepare(options.tokens, runs.length);
      const start = performance.now();
      await Promise.all(runs.map((run) => run(server.url, () => {})));
      const wall = performance.now() - start;
      if (round >= options.warmup) walls.set(id, [...(walls.get(id) ?? []), wall]);
    }
  }
  const result: ConcurrentResult = { wallMs: new Map(), ratio: new Map() };
  const rawWalls = walls.get('raw');
  for (const id of sets.keys()) {
    const values = walls.get(id) ?? [];
    result.wallMs.set(id, median(values));
    if (rawWalls) result.ratio.set(id, median(values.map((wall, i) => rawWalls[i]! / wall)));
    options.log(`  three at once       ${id.padEnd(14)} ${median(values).toFixed(1).padStart(8)} ms`);
  }
  return result;
}

export { CONTENDERS };
