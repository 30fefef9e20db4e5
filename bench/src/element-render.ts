/**
 * Rendering speed of `<trialogue-chat>` in Chromium: three panes (OpenAI, Anthropic, Gemini wires)
 * each streaming 5,000 tokens of mixed markdown (paragraphs, lists, a table, code) as fast as the
 * fake provider server sends them, into the plain script-tag page of the web-components tests.
 *
 * Measured: main-thread scripting time (CDP `Performance.getMetrics` ScriptDuration), the longest
 * main-thread task (trace `RunTask` events), frames dropped (gaps between animation frames in the
 * page), and main-thread busy time per token over each pane's first 1,000 tokens against its last
 * 1,000 (the renderer must stay flat: a delta's cost must not grow with the answer).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startFakeProviderServer } from '@trialogue/providers/testing';
import {
  hasChromium,
  launchChromium,
  serveStatic,
} from '../../packages/web-components/test/support/browser.js';

/** Options of {@link benchElementRender}. */
export interface ElementRenderOptions {
  /** Tokens per pane. Default 5,000. */
  tokens?: number;
  /** Runs (the median is reported). Default 3. */
  runs?: number;
  log?: (line: string) => void;
}

/** One run's numbers. */
export interface ElementRenderRun {
  tokensPerPane: number;
  wallMs: number;
  scriptingMs: number;
  longestTaskMs: number;
  /** CPU time of that task. */
  longestTaskCpuMs: number;
  framesDropped: number;
  framesExpected: number;
  firstPerTokenMs: number;
  lastPerTokenMs: number;
  ratio: number;
  /** The machine's one-minute load average at the end of the run (other work competing for the cores). */
  loadAverage: number;
}

const PANES = ['openai', 'anthropic', 'google'] as const;
const WINDOW = 1_000;
// The name of a main-thread task in the trace, old and new Chromium.
const RUN_TASK = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/**
 * Mixed markdown of about `tokens` whitespace-separated tokens: sections of a paragraph, a list, a
 * table and a fenced code block, repeated.
 */
export function mixedMarkdown(tokens: number): string {
  const sections: string[] = [];
  let count = 0;
  for (let i = 1; count < tokens; i++) {
    const section = [
      `## Part ${i}`,
      '',
      `Streaming answers arrive a few words at a time, and the renderer must keep up with **every pane** at once. This is paragraph ${i}, with \`inline code\`, a [link](https://example.com/docs/${i}) and *emphasis*, long enough to wrap across several lines in a narrow column of the chat.`,
      '',
      `- first point of part ${i} about latency`,
      '- second point, with **bold** text',
      '- third point: lists keep their markers',
      `  1. a nested step number ${i}`,
      '',
      '| model | tokens | cost |',
      '| --- | ---: | ---: |',
      `| gpt-4.1-mini | ${i * 10} | $0.00${i % 10} |`,
      `| claude-haiku-4-5 | ${i * 12} | $0.01${i % 10} |`,
      '',
      '```ts',
      `const answer${i} = await model.generate({ messages: [{ role: 'user', content: 'part ${i}' }] });`,
      'console.log(answer.text.length);',
      '```',
      '',
    ].join('\n');
    sections.push(section);
    count += section.match(/\S+/g)?.length ?? 0;
  }
  const words = sections.join('\n').match(/\s*\S+/g) ?? [];
  return words.slice(0, tokens).join('');
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, when the trace has it. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { message?: string } };
}

/** Runs the benchmark; returns the median run and every run. */
export async function benchElementRender(
  options: ElementRenderOptions = {},
): Promise<{ median: ElementRenderRun; runs: ElementRenderRun[] } | undefined> {
  const log = options.log ?? (() => {});
  if (!hasChromium) {
    log('element render: no chromium at /usr/bin/chromium, skipped');
    return undefined;
  }
  const tokens = options.tokens ?? 5_000;
  const runsWanted = options.runs ?? 3;
  // The page loads the script-tag file: build it from the current sources (esbuild, about a second).
  const webComponents = fileURLToPath(new URL('../../packages/web-components/', import.meta.url));
  execFileSync(process.execPath, ['scripts/build-script-tag.mjs'], { cwd: webComponents, stdio: 'inherit' });

  const text = mixedMarkdown(tokens);
  const [browser, site] = await Promise.all([launchChromium(), serveStatic(webComponents)]);
  const servers = await Promise.all(PANES.map(() => startFakeProviderServer()));
  const runs: ElementRenderRun[] = [];
  try {
    for (let run = 0; run < runsWanted + 1; run++) {
      const result = await oneRun(browser, site.url, servers, text, tokens);
      if (run === 0) continue; // warm-up: Chromium's caches and V8's tiers
      runs.push(result);
      log(
        `element render run ${run}: scripting ${result.scriptingMs.toFixed(0)} ms, longest task ${result.longestTaskMs.toFixed(1)} ms (${result.longestTaskCpuMs.toFixed(1)} ms CPU), ` +
          `${result.framesDropped}/${result.framesExpected} frames dropped, per token ${result.firstPerTokenMs.toFixed(3)} -> ${result.lastPerTokenMs.toFixed(3)} ms (x${result.ratio.toFixed(2)})`,
      );
    }
  } finally {
    await browser.close();
    await site.close();
    await Promise.all(servers.map((server) => server.close()));
  }
  const sorted = [...runs].sort((a, b) => a.scriptingMs - b.scriptingMs);
  return { median: sorted[Math.floor(sorted.length / 2)]!, runs };
}

async function oneRun(
  browser: Awaited<ReturnType<typeof launchChromium>>,
  siteUrl: string,
  servers: Awaited<ReturnType<typeof startFakeProviderServer>>[],
  text: string,
  tokens: number,
): Promise<ElementRenderRun> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // tsx compiles with keepNames: functions passed to page.evaluate call its `__name` helper.
  await page.addInitScript({ content: 'window.__name = (fn) => fn;' });
  const bases = Object.fromEntries(PANES.map((wire, i) => [wire, servers[i]!.baseURL(wire)]));
  const query = new URLSearchParams({ bases: JSON.stringify(bases) });
  await page.goto(`${siteUrl}/test/pages/chat.html?${query}`);
  await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true);
  await page.evaluate(() =>
    (window as unknown as { configure(keys: object): void }).configure({
      openai: 'sk-bench-openai-000000000000',
      anthropic: 'sk-ant-bench-000000000000',
      google: 'AIza-bench-google-000000000',
    }),
  );
  for (const server of servers) {
    server.reset();
    server.enqueue({ text });
  }
  // Token counting and markers, in the page: console.timeStamp lands in the trace, so busy time can
  // be cut at each pane's 1,000th token and at its last 1,000.
  await page.evaluate(
    ({ tokens, window: size, panes }) => {
      const chat = document.querySelector('trialogue-chat')!;
      const counts = new Map<string, number>();
      const state = { ended: 0, frames: [] as number[], done: false };
      (window as unknown as { __bench: typeof state }).__bench = state;
      const mark = (label: string) => console.timeStamp(`bench:${label}`);
      chat.addEventListener('trialogue-turn-delta', (event) => {
        const { paneId, text } = (event as CustomEvent<{ paneId: string; text: string }>).detail;
        const before = counts.get(paneId) ?? 0;
        const after = before + (text.match(/\S+/g)?.length ?? 0);
        counts.set(paneId, after);
        if (before === 0) mark(`${paneId}:start`);
        if (before < size && after >= size) mark(`${paneId}:first-end`);
        if (before < tokens - size && after >= tokens - size) mark(`${paneId}:last-start`);
      });
      chat.addEventListener('trialogue-turn-end', (event) => {
        mark(`${(event as CustomEvent<{ paneId: string }>).detail.paneId}:end`);
        state.ended++;
        if (state.ended === panes) {
          // Let the last frame render before stopping the clock.
          requestAnimationFrame(() => {
            mark('all:end');
            state.done = true;
          });
        }
      });
      const frame = (time: number) => {
        state.frames.push(time);
        if (!state.done) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    },
    { tokens, window: WINDOW, panes: PANES.length },
  );

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const scriptBefore = await scriptDuration(cdp);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel'] });
  const started = Date.now();
  await page.evaluate(() => {
    const chat = document.querySelector('trialogue-chat') as unknown as { send(text: string): Promise<void> };
    void chat.send('Write a long answer with paragraphs, lists, a table and code.');
  });
  await page.waitForFunction(
    () => (window as unknown as { __bench: { done: boolean } }).__bench.done,
    undefined,
    {
      timeout: 300_000,
      polling: 200,
    },
  );
  const wallMs = Date.now() - started;
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  const scriptingMs = (await scriptDuration(cdp)) - scriptBefore;
  const frames = await page.evaluate(
    () => (window as unknown as { __bench: { frames: number[] } }).__bench.frames,
  );
  const failed = await page.evaluate(
    () =>
      [...document.querySelector('trialogue-chat')!.shadowRoot!.querySelectorAll('.pane')].filter(
        (pane) => (pane as HTMLElement).dataset.status !== 'done',
      ).length,
  );
  await page.close();
  if (failed) throw new Error(`element render: ${failed} pane(s) did not finish`);

  // The renderer's main thread is the one the markers were written on.
  const markers = trace.traceEvents.filter(
    (e) => e.name === 'TimeStamp' && e.args?.data?.message?.startsWith('bench:'),
  );
  const at = (label: string) => markers.find((e) => e.args!.data!.message === `bench:${label}`)?.ts;
  const main = markers[0]!;
  const tasks = trace.traceEvents
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && RUN_TASK.has(e.name) && e.dur)
    .map((e) => ({ start: e.ts, end: e.ts + e.dur!, cpu: e.tdur ?? e.dur! }));
  // CPU time of the main thread's tasks in a window (a task cut by the window counts pro rata): wall
  // time would count the waits for a core on a loaded machine.
  const busy = (from: number, to: number) =>
    tasks.reduce((sum, task) => {
      const overlap = Math.max(0, Math.min(task.end, to) - Math.max(task.start, from));
      return sum + (overlap / (task.end - task.start)) * task.cpu;
    }, 0) / 1000;
  const firstFrom = Math.min(...PANES.map((_, i) => at(`p${i + 1}:start`)!));
  const firstTo = Math.max(...PANES.map((_, i) => at(`p${i + 1}:first-end`)!));
  const lastFrom = Math.min(...PANES.map((_, i) => at(`p${i + 1}:last-start`)!));
  const lastTo = Math.max(...PANES.map((_, i) => at(`p${i + 1}:end`)!));
  const windowTokens = WINDOW * PANES.length;
  const firstPerTokenMs = busy(firstFrom, firstTo) / windowTokens;
  const lastPerTokenMs = busy(lastFrom, lastTo) / windowTokens;
  const end = at('all:end') ?? lastTo;
  const during = tasks.filter((t) => t.end >= firstFrom && t.start <= end);
  const longest = during.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a), {
    start: 0,
    end: 0,
    cpu: 0,
  });
  const longestTaskMs = (longest.end - longest.start) / 1000;
  // On a loaded machine a task's wall time includes time the thread waited for a core: CPU time says
  // how much of it was the page's own work.
  const longestTaskCpuMs = longest.cpu / 1000;

  // Frames: a gap of n frame intervals between two animation frames dropped n - 1.
  const interval = 1000 / 60;
  let framesDropped = 0;
  for (let i = 1; i < frames.length; i++) {
    framesDropped += Math.max(0, Math.round((frames[i]! - frames[i - 1]!) / interval) - 1);
  }
  const framesExpected = Math.round((frames.at(-1)! - frames[0]!) / interval);
  return {
    tokensPerPane: tokens,
    wallMs,
    scriptingMs,
    longestTaskMs,
    longestTaskCpuMs,
    framesDropped,
    framesExpected,
    firstPerTokenMs,
    lastPerTokenMs,
    ratio: lastPerTokenMs / firstPerTokenMs,
    loadAverage: loadavg()[0] ?? 0,
  };
}

async function scriptDuration(cdp: {
  send(method: 'Performance.getMetrics'): Promise<{ metrics: { name: string; value: number }[] }>;
}) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
}

/** The RESULTS.md section. */
export function renderElementRender(result: { median: ElementRenderRun; runs: ElementRenderRun[] }): string {
  const m = result.median;
  const row = (r: ElementRenderRun, label: string) =>
    `| ${label} | ${(r.wallMs / 1000).toFixed(1)} s | ${r.scriptingMs.toFixed(0)} ms | ${r.longestTaskMs.toFixed(1)} ms (${r.longestTaskCpuMs.toFixed(1)} ms CPU) | ${r.framesDropped} of ${r.framesExpected} | ${r.firstPerTokenMs.toFixed(3)} ms | ${r.lastPerTokenMs.toFixed(3)} ms | ${r.ratio.toFixed(2)} ${r.ratio < 1.5 ? '(flat)' : '(**grows**)'} |`;
  return [
    `### \`<trialogue-chat>\` rendering: 3 panes x ${m.tokensPerPane.toLocaleString('en')} tokens of mixed markdown`,
    '',
    `Load average ${m.loadAverage.toFixed(1)} on ${cpus().length} cores during the median run: wall times, frames and the longest task stretch with the load; CPU times much less.`,
    '',
    'Headless Chromium (Debian, `--disable-gpu`), the script-tag test page, three panes on the OpenAI, Anthropic and Gemini wires of `startFakeProviderServer`, each streaming paragraphs, lists, a table and code as fast as the server sends. Scripting time is CDP `ScriptDuration` over the whole run; the longest task and the per-token cost come from the trace (`RunTask` on the renderer main thread; the longest task in wall time, with its CPU time; per token = main-thread CPU time while every pane is in its first 1,000 tokens, then in its last 1,000, divided by 3,000); frames dropped from gaps between animation frames in the page. Target: last/first under 1.5.',
    '',
    '| run | wall time | scripting | longest task | frames dropped | per token, first 1,000 | per token, last 1,000 | last / first |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row(m, 'median (by scripting)'),
    ...result.runs.map((r, i) => row(r, `run ${i + 1}`)),
  ].join('\n');
}
