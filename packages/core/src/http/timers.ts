import { TrialogueError } from '../errors/trialogue-error.js';
import type { TimeoutOptions } from '../request/types.js';

/**
 * The call's own signal: aborted by the caller's signal or by the total timeout, whichever comes
 * first. `dispose()` clears the timer and the listener (and aborts the signal, which ends whatever
 * still hangs off it).
 */
export function callSignal(
  provider: string,
  callerSignal: AbortSignal | undefined,
  totalMs: number | undefined,
): { signal: AbortSignal; dispose(): void } {
  const call = new AbortController();
  const onCallerAbort = () =>
    call.abort(
      new TrialogueError({
        kind: 'aborted',
        provider,
        message: `The call to ${provider} was aborted.`,
        retryable: false,
      }),
    );
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  const totalTimer =
    totalMs !== undefined
      ? setTimeout(
          () =>
            call.abort(
              new TrialogueError({
                kind: 'timeout',
                provider,
                code: 'total-timeout',
                message: `${provider} did not finish within ${totalMs} ms (total timeout).`,
              }),
            ),
          totalMs,
        )
      : undefined;
  return {
    signal: call.signal,
    dispose() {
      if (totalTimer !== undefined) clearTimeout(totalTimer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
      if (!call.signal.aborted) call.abort();
    },
  };
}

/**
 * The three timers of one attempt, each aborting `controller` with its own {@link TrialogueError}:
 * first byte (until the response headers), first token (until the first text or reasoning), idle
 * (a read waiting too long mid-stream). The idle watchdog is re-armed lazily: the hot path only
 * stores a timestamp per read, and it measures how long a read has been waiting, so a consumer that
 * is slow to pull never looks like a silent server.
 */
export class AttemptTimers {
  private readonly armed: ReturnType<typeof setTimeout>[] = [];
  private readonly firstByteTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly firstTokenTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private waitingSince = 0;
  private reading = false;

  constructor(
    private readonly controller: AbortController,
    private readonly provider: string,
    private readonly timeouts: TimeoutOptions,
    phase: () => 'request' | 'stream',
  ) {
    this.firstByteTimer = this.arm(
      timeouts.firstByteMs,
      () =>
        new TrialogueError({
          kind: 'timeout',
          provider,
          code: 'first-byte-timeout',
          message: `${provider} sent no response within ${timeouts.firstByteMs} ms (first-byte timeout).`,
        }),
    );
    this.firstTokenTimer = this.arm(
      timeouts.firstTokenMs,
      () =>
        new TrialogueError({
          kind: 'timeout',
          provider,
          code: 'first-token-timeout',
          phase: phase(),
          message: `${provider} sent no token within ${timeouts.firstTokenMs} ms (first-token timeout).`,
        }),
    );
  }

  private arm(ms: number | undefined, make: () => TrialogueError) {
    if (ms === undefined) return undefined;
    const timer = setTimeout(() => this.controller.abort(make()), ms);
    this.armed.push(timer);
    return timer;
  }

  /** The response headers arrived. */
  responded(): void {
    if (this.firstByteTimer !== undefined) clearTimeout(this.firstByteTimer);
  }

  /** The first text or reasoning token arrived. */
  firstToken(): void {
    if (this.firstTokenTimer !== undefined) clearTimeout(this.firstTokenTimer);
  }

  /** The body is about to be read: the idle watchdog starts. */
  watchIdle(requestId: string | undefined): void {
    const idleMs = this.timeouts.idleMs;
    if (idleMs === undefined) return;
    this.waitingSince = Date.now();
    const watch = () => {
      const wait = this.reading ? this.waitingSince + idleMs - Date.now() : idleMs;
      if (wait <= 0)
        this.controller.abort(
          new TrialogueError({
            kind: 'stalled',
            provider: this.provider,
            phase: 'stream',
            requestId,
            code: 'idle-timeout',
            message: `${this.provider} went silent for ${idleMs} ms mid-stream (idle timeout).`,
          }),
        );
      else this.idleTimer = setTimeout(watch, wait);
    };
    this.idleTimer = setTimeout(watch, idleMs);
  }

  /** A read of the body starts waiting. */
  readStarted(): void {
    this.waitingSince = Date.now();
    this.reading = true;
  }

  /** A read of the body returned. */
  readEnded(): void {
    this.reading = false;
  }

  /** The body is no longer read. */
  stopIdle(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
  }

  /** The attempt is over: every timer is cleared. */
  dispose(): void {
    for (const timer of this.armed) clearTimeout(timer);
    this.stopIdle();
  }
}

/**
 * Waits `ms`, or less when `signal` aborts; resolves false when aborted.
 *
 * @example
 * ```ts
 * if (!(await sleep(1_000, signal))) return; // aborted while waiting
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
