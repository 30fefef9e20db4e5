/**
 * msw request handlers speaking the same wire formats as the fake server, from the same
 * {@link decide}: only the delivery differs (a `Response` with a `ReadableStream` body).
 */
import { type HttpHandler, HttpResponse, http } from 'msw';
import { completeRecord, decide, type FakeStep, recordOf, type WireBase } from '../respond.js';
import {
  FAKE_WIRES,
  type FakeProviderOptions,
  type FakeScript,
  type FakeWire,
  type RecordedRequest,
  WIRES,
} from '../script.js';

/** Options of {@link providerHandlers}: the fake provider's options plus what msw intercepts. */
export interface ProviderHandlersOptions extends FakeProviderOptions {
  /** Base URLs to intercept per wire; default the real providers' (`https://api.openai.com/v1`, ...). */
  baseURLs?: Partial<Record<FakeWire, string>>;
  /** Called per request when no script is queued; `undefined` means the default scripted answer. */
  script?: () => FakeScript | undefined;
  /** Wires to intercept; default all. */
  wires?: FakeWire[];
  /** A stall ends (the body errors) after this long. Default 30 000 ms. */
  maxStallMs?: number;
}

/** The handlers, plus the same recording and queue as the server. */
export type ProviderHandlers = HttpHandler[] & {
  /** Every intercepted request, in order. */
  requests: RecordedRequest[];
  /** Queues the next responses (FIFO); when empty, `options.script` or the default answer. */
  enqueue(...scripts: FakeScript[]): void;
  /** Clears recorded requests and queued scripts (call it in `afterEach`). */
  reset(): void;
};

/**
 * msw handlers for every provider wire (real base URLs unless overridden).
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { providerHandlers } from '@trialogue/providers/testing/msw';
 *
 * const handlers = providerHandlers({ script: () => ({ text: 'Hello from msw' }) });
 * const mock = setupServer(...handlers);
 * mock.listen({ onUnhandledRequest: 'error' });
 * // openai({ apiKey }).model('gpt-4o-mini').generate(...) now answers "Hello from msw"
 * ```
 */
export function providerHandlers(options: ProviderHandlersOptions = {}): ProviderHandlers {
  const queue: FakeScript[] = [];
  const requests: RecordedRequest[] = [];
  const maxStallMs = options.maxStallMs ?? 30_000;
  const wires = options.wires ?? FAKE_WIRES;
  const bases: WireBase[] = [];
  for (const wire of wires) {
    const base = new URL((options.baseURLs?.[wire] ?? WIRES[wire].realBaseURL).replace(/\/+$/, ''));
    // `openai-responses` lives under the `openai` base unless given its own.
    if (bases.some((b) => b.base.href === base.href)) continue;
    bases.push({ wire: wire === 'openai-responses' ? 'openai' : wire, base });
  }

  const handlers = bases.map(({ base }) =>
    http.all(`${base.href}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      const bodyText = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
      const input = { method: request.method, url, headers, bodyText };
      const record = recordOf(input);
      requests.push(record);
      const decision = await decide(input, bases, () => queue.shift() ?? options.script?.(), options);
      completeRecord(record, decision);
      const { status, headers: replyHeaders, steps } = decision.reply;
      // A cut before any byte is a network error, as fetch reports it.
      if (steps[0]?.kind === 'cut' && status === 200 && steps.length === 1 && !steps[0].delayMs)
        return HttpResponse.error();
      return new HttpResponse(steps.length ? bodyStream(steps, request.signal, maxStallMs) : null, {
        status,
        headers: replyHeaders,
      });
    }),
  );
  return Object.assign(handlers, {
    requests,
    enqueue(...scripts: FakeScript[]) {
      queue.push(...scripts);
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
    },
  });
}

function bodyStream(steps: FakeStep[], signal: AbortSignal, maxStallMs: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  let stallTimer: ReturnType<typeof setTimeout> | undefined;
  let finished = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (finished) return;
      const step = steps[index++];
      if (!step) {
        finished = true;
        controller.close();
        return;
      }
      if ('delayMs' in step && step.delayMs)
        await new Promise((resolve) => setTimeout(resolve, step.delayMs));
      if (step.kind === 'write') {
        controller.enqueue(encoder.encode(step.text));
      } else if (step.kind === 'cut') {
        finished = true;
        // Let the bytes already sent reach the reader first (an error discards queued chunks).
        await new Promise((resolve) => setTimeout(resolve, 10));
        controller.error(new TypeError('terminated: the fake provider cut the connection'));
      } else {
        finished = true;
        // Stall: no more bytes until the client gives up (or the bound passes).
        await new Promise<void>((resolve) => {
          const end = () => {
            clearTimeout(stallTimer);
            resolve();
          };
          stallTimer = setTimeout(end, maxStallMs);
          signal.addEventListener('abort', end, { once: true });
        });
        try {
          controller.error(new TypeError('terminated: the stalled stream was closed'));
        } catch {
          // Already cancelled by the reader.
        }
      }
    },
    cancel() {
      finished = true;
      if (stallTimer !== undefined) clearTimeout(stallTimer);
    },
  });
}
