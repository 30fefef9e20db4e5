import { TrialogueError, type TrialogueErrorInit } from '../errors/trialogue-error.js';
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
              timeoutError(provider, 'total-timeout', `did not finish within ${totalMs} ms (total timeout).`),
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

/** A timeout's {@link TrialogueError}. */
const timeoutError = (provider: string, code: string, message: string, more?: Partial<TrialogueErrorInit>) =>
  new TrialogueError({ kind: 'timeout', provider, code, message: `${provider} ${message}`, ...more });

/** The timers of one attempt; see {@link attemptTimers}. */
export interface AttemptTimers {
  /** The response headers arrived. */
  responded(): void;
  /** The first text or reasoning token arrived. */
  firstToken(): void;
  /** The body is about to be read: the idle watchdog starts. */
  watchIdle(requestId: string | undefined): void;
  /** A read of the body starts waiting (true) or returned (false). */
  reading(waiting: boolean): void;
  /** The attempt is over (or its body is no longer read): every timer is cleared. */
  dispose(): void;
}

/**
 * The three timers of one attempt, each aborting `controller` with its own {@link TrialogueError}:
 * first byte (until the response headers), first token (until the first text or reasoning), idle
 * (a read waiting too long mid-stream). The idle watchdog is re-armed lazily: the hot path only
 * stores a timestamp per read, and it measures how long a read has been waiting, so a consumer that
 * is slow to pull never looks like a silent server.
 */
export function attemptTimers(
  controller: AbortController,
  provider: string,
  timeouts: TimeoutOptions,
  phase: () => 'request' | 'stream',
): AttemptTimers {
  const { firstByteMs, firstTokenMs, idleMs } = timeouts;
  const timers: ReturnType<typeof setTimeout>[] = [];
  const arm = (ms: number | undefined, make: () => TrialogueError) =>
    ms === undefined ? undefined : timers.push(setTimeout(() => controller.abort(make()), ms)) - 1;
  const clear = (index: number | undefined) => index !== undefined && clearTimeout(timers[index]);
  const firstByte = arm(firstByteMs, () =>
    timeoutError(
      provider,
      'first-byte-timeout',
      `sent no response within ${firstByteMs} ms (first-byte timeout).`,
    ),
  );
  const firstToken = arm(firstTokenMs, () =>
    timeoutError(
      provider,
      'first-token-timeout',
      `sent no token within ${firstTokenMs} ms (first-token timeout).`,
      {
        phase: phase(),
      },
    ),
  );
  let waitingSince = 0;
  let waiting = false;
  return {
    responded: () => clear(firstByte),
    firstToken: () => clear(firstToken),
    watchIdle(requestId) {
      if (idleMs === undefined) return;
      waitingSince = Date.now();
      const watch = () => {
        const wait = waiting ? waitingSince + idleMs - Date.now() : idleMs;
        if (wait > 0) timers.push(setTimeout(watch, wait));
        else
          controller.abort(
            timeoutError(
              provider,
              'idle-timeout',
              `went silent for ${idleMs} ms mid-stream (idle timeout).`,
              {
                kind: 'stalled',
                phase: 'stream',
                requestId,
              },
            ),
          );
      };
      timers.push(setTimeout(watch, idleMs));
    },
    reading(now) {
      if (now) waitingSince = Date.now();
      waiting = now;
    },
    dispose() {
      for (const timer of timers) clearTimeout(timer);
      timers.length = 0;
    },
  };
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
