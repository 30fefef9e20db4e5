import { sleep } from '@trialogue/core';

/**
 * A concurrency limit per provider that can be paused: when a provider answers 429, new work for it
 * waits until the pause ends (its `retry-after`), while other providers go on.
 */
export class ProviderGate {
  private running = 0;
  private waiters: (() => void)[] = [];
  private pausedUntil = 0;

  constructor(readonly limit: number) {}

  /** Waits for a free slot and for any pause to end; resolves false when the signal aborts. */
  async acquire(signal: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal.aborted) return false;
      const wait = this.pausedUntil - Date.now();
      if (wait > 0) {
        await sleep(wait, signal);
        continue;
      }
      if (this.running < this.limit) {
        this.running++;
        return true;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal.removeEventListener('abort', wake);
          resolve();
        };
        this.waiters.push(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
  }

  release(): void {
    this.running--;
    this.waiters.shift()?.();
  }

  /** Holds new work back for `ms`. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  get pausedMs(): number {
    return Math.max(0, this.pausedUntil - Date.now());
  }
}

/** Acquires several gates in a fixed order (no deadlock between questions sharing providers). */
export async function acquireAll(
  gates: ProviderGate[],
  signal: AbortSignal,
): Promise<(() => void) | undefined> {
  const held: ProviderGate[] = [];
  for (const gate of gates) {
    if (!(await gate.acquire(signal))) {
      for (const h of held) h.release();
      return undefined;
    }
    held.push(gate);
  }
  return () => {
    for (const gate of held) gate.release();
  };
}
