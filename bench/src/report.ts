/** Renders benchmark results as the Markdown of bench/RESULTS.md. */

import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import type { Sizes } from './sizes.js';
import { CONTENDERS, type ConcurrentResult, type Options, type WireResult } from './throughput.js';

const kb = (bytes: number) => (Number.isNaN(bytes) ? 'n/a' : (bytes / 1024).toFixed(1));
const label = (id: string) =>
  id === 'official'
    ? 'official SDKs (`openai` for openai and groq, `@anthropic-ai/sdk` for anthropic)'
    : (CONTENDERS.find((c) => c.id === id)?.label ?? id);

/**
 * Targets from the issues: Trialogue at least 0.85× the bare loop on every wire and in the
 * three-stream chats (#10), time-to-first-token overhead under 0.5 ms (#3), core + one provider at
 * most 12.5 KB gzip and core + all five at most 16 KB (#10). The raw-fetch ratio is for information.
 */
export const TARGETS = { vsBare: 0.85, ttftOverheadMs: 0.5, oneProviderKB: 12.5, allProvidersKB: 16 };
const mark = (met: boolean) => (met ? ' ✅' : ' ❌');

function machine(): string {
  const cpu = cpus();
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return `${new Date().toISOString()} · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'} · ${(totalmem() / 2 ** 30).toFixed(0)} GB · commit ${commit}`;
}

export function renderThroughput(options: Options, wires: WireResult[], title?: string): string {
  const lines: string[] = [];
  lines.push(title ?? `### Throughput (${options.tokens.toLocaleString('en')}-token streams)`, '');
  lines.push(
    `Tokens per second over loopback, median of the runs; **ratio** = the raw-bytes limit's time / this time, taken within each round, median over the rounds (1.0 = as fast as reading the bytes; for information). "× bare" = the bare loop's time / Trialogue's, taken the same way (1.00 = no cost over eventsource-parser + JSON.parse). Target for Trialogue: ≥ ${TARGETS.vsBare}× bare on every wire. (CPU …×) = the same ratio of the client processes' CPU time, which leaves out the time a process waited for a core on a busy machine.`,
    '',
  );
  const ids = CONTENDERS.map((c) => c.id).filter((id) => wires.some((w) => w.stream.has(id)));
  lines.push(`| client | ${wires.map((w) => w.wire).join(' | ')} |`);
  lines.push(`| --- | ${wires.map(() => '---:').join(' | ')} |`);
  for (const id of ids) {
    const cells = wires.map((w) => {
      const t = w.stream.get(id);
      const raw = w.stream.get('raw');
      if (!t || !raw) return '—';
      const perSecond = Math.round(options.tokens / (t.totalMs / 1000)).toLocaleString('en');
      const ratio = w.ratio.get(id)!;
      const bare = w.vsBare.get(id);
      const cpu = w.vsBareCpu.get(id);
      const vsBare =
        id === 'trialogue' && bare !== undefined && !Number.isNaN(bare)
          ? ` · **${bare.toFixed(2)}× bare**${title ? '' : mark(bare >= TARGETS.vsBare)} (CPU ${cpu?.toFixed(2)}×)`
          : '';
      return id === 'raw'
        ? `${perSecond} tok/s (${t.totalMs.toFixed(1)} ms)`
        : `${perSecond} tok/s · ${ratio.toFixed(3)}${vsBare}`;
    });
    lines.push(`| ${label(id)} | ${cells.join(' | ')} |`);
  }
  if (title) return lines.join('\n');
  lines.push('');
  lines.push(`### Time to first token (${options.ttftTokens}-token streams)`, '');
  lines.push(
    "Median time from the call to the first text token in the caller's hands; for raw fetch, to the first body chunk. **Overhead** = this − raw fetch. Target for Trialogue: overhead < 0.5 ms.",
    '',
  );
  lines.push(`| client | ${wires.map((w) => w.wire).join(' | ')} |`);
  lines.push(`| --- | ${wires.map(() => '---:').join(' | ')} |`);
  for (const id of ids) {
    const cells = wires.map((w) => {
      const t = w.firstToken.get(id);
      const raw = w.firstToken.get('raw');
      if (t === undefined || raw === undefined) return '—';
      if (id === 'raw') return `${t.toFixed(2)} ms`;
      const overhead = t - raw;
      const met = id === 'trialogue' ? mark(overhead < TARGETS.ttftOverheadMs) : '';
      return `${t.toFixed(2)} ms · **+${overhead.toFixed(2)}**${met}`;
    });
    lines.push(`| ${label(id)} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

const backendLabel = (backend: string) =>
  backend === 'slices' ? 'body written in 64 KiB slices' : 'one HTTP chunk per event, one write';

export function renderConcurrent(results: ConcurrentResult[]): string {
  const lines = [
    '### Three concurrent streams (a three-model chat)',
    '',
    `Three streams at once in one client process; wall time until all three are done (median); tokens/s counts all three; ratio = raw fetch's wall time / this one (for information); × bare = the bare loop's / this one, per round, median; the last column takes the client processes' CPU time instead. Target for Trialogue: ≥ ${TARGETS.vsBare}× bare.`,
    '',
    '| chat | server | client | wall time | tokens/s | ratio | × bare | × bare, CPU time |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const result of results) {
    for (const [id, wall] of result.wallMs) {
      const perSecond = Math.round((3 * result.tokens) / (wall / 1000)).toLocaleString('en');
      const bare = result.vsBare.get(id) ?? Number.NaN;
      const vsBare =
        id === 'trialogue' ? `**${bare.toFixed(2)}**${mark(bare >= TARGETS.vsBare)}` : bare.toFixed(2);
      lines.push(
        `| ${result.chat.label}, ${result.tokens.toLocaleString('en')} tokens each | ${backendLabel(result.backend)} | ${label(id)} | ${wall.toFixed(1)} ms | ${perSecond} | ${result.ratio.get(id)?.toFixed(3) ?? '?'} | ${vsBare} | ${result.vsBareCpu.get(id)?.toFixed(2) ?? '?'} |`,
      );
    }
  }
  return lines.join('\n');
}

export function renderSizes(sizes: Sizes): string {
  const byId = new Map(sizes.results.map((r) => [r.entry.id, r]));
  const lines = [
    '### Browser bundle sizes',
    '',
    `esbuild (browser, ESM, minified, tree-shaken) of a small entry that really streams with the library; gzip level 9. Trialogue resolved from **${sizes.from === 'dist' ? 'the built dist (what users install)' : 'the TypeScript sources (dist not built)'}**. Targets: core + one provider ≤ ${TARGETS.oneProviderKB} KB gzip, core + all five ≤ ${TARGETS.allProvidersKB} KB gzip (KB = 1,024 bytes; eventsource-parser included). **×** = this bundle's gzip size / the matching Trialogue entry's.`,
    '',
    '| entry | min KB | min+gzip KB | × Trialogue | zod in the bundle: KB gzip; KB min by zod folder |',
    '| --- | ---: | ---: | ---: | --- |',
  ];
  for (const r of sizes.results) {
    if (r.error) {
      lines.push(`| ${r.entry.label} | error | ${r.error.replace(/\|/g, '\\|').slice(0, 200)} | | |`);
      continue;
    }
    const target = r.entry.compareTo ? byId.get(r.entry.compareTo) : undefined;
    const ratio =
      target && !target.error ? `${(r.gzipBytes / target.gzipBytes).toFixed(1)}× ${target.entry.id}` : '';
    let met = '';
    if (r.entry.family === 'trialogue' && r.entry.id !== 'core' && r.entry.id !== 'core+registry') {
      const limit = r.entry.id === 'core+all' ? TARGETS.allProvidersKB : TARGETS.oneProviderKB;
      met = mark(r.gzipBytes / 1024 <= limit);
    }
    const zodTotal = [...r.zod.values()].reduce((a, b) => a + b, 0);
    const zod = zodTotal
      ? `${kb(r.zodGzipBytes)} gzip; ${kb(zodTotal)} min (${[...r.zod].map(([part, bytes]) => `${part} ${kb(bytes)}`).join(', ')})`
      : 'none';
    lines.push(
      `| ${r.entry.label} | ${kb(r.minBytes)} | **${(r.gzipBytes / 1024).toFixed(2)}**${met} | ${ratio} | ${zod} |`,
    );
  }
  const culprits = sizes.results.filter((r) => r.zodCulprits.length);
  if (culprits.length) {
    lines.push('', "zod's classic API, its locales or zod 3 were pulled in by:", '');
    for (const r of culprits)
      lines.push(`- ${r.entry.id}: ${r.zodCulprits.map((c) => `\`${c}\``).join('; ')}`);
  }
  return lines.join('\n');
}

export function renderResults(input: {
  options: Options;
  wires: WireResult[];
  concurrent?: ConcurrentResult[];
  sizes?: Sizes;
  serverBackend: string;
  from: 'dist' | 'src';
  sharedPass?: WireResult[];
}): string {
  const { options } = input;
  const parts = [
    '# Benchmark results',
    '',
    `Written by \`pnpm bench\` (see README.md for what each row means). ${machine()}. Trialogue ran from ${input.from === 'dist' ? 'its built dist (what users install)' : 'its TypeScript sources'}.`,
    '',
    `Loopback server: ${input.serverBackend === 'shared' ? '`startFakeProviderServer` from `@trialogue/providers/testing`' : 'bench/src/server.ts (pre-rendered chunked response, one HTTP chunk per event, one socket write)'} in a child process. ${options.runs} measured runs after ${options.warmup} warm-up runs per client, interleaved; medians. ${options.ttftRuns} runs for time to first token.`,
    '',
  ];
  if (input.wires.length) parts.push(renderThroughput(options, input.wires), '');
  if (input.concurrent?.length) parts.push(renderConcurrent(input.concurrent), '');
  if (input.sharedPass?.length) {
    parts.push(
      renderThroughput(
        options,
        input.sharedPass,
        `### Throughput through \`startFakeProviderServer\` (${options.tokens.toLocaleString('en')}-token streams, one \`res.write()\` per event)\n\nThe project's fake provider server writes each event separately, so here the server sets the limit (raw fetch is 10 to 30 times slower than above) and every client looks closer to it. Shown for reference; the table above is the one the targets apply to.`,
      ),
      '',
    );
  }
  if (input.sizes) parts.push(renderSizes(input.sizes), '');
  return parts.join('\n');
}
