/**
 * A replayable event log: every iterator starts from the first event, so a consumer that subscribes
 * late (or a second consumer) misses nothing.
 */
export interface EventLog<T> extends AsyncIterable<T> {
  push(item: T): void;
  close(): void;
  readonly items: readonly T[];
}

export function createEventLog<T>(): EventLog<T> {
  const items: T[] = [];
  let closed = false;
  let wake: (() => void)[] = [];
  const notify = () => {
    const waiting = wake;
    wake = [];
    for (const resolve of waiting) resolve();
  };
  return {
    items,
    push(item) {
      if (closed) return;
      items.push(item);
      notify();
    },
    close() {
      closed = true;
      notify();
    },
    [Symbol.asyncIterator](): AsyncIterator<T> {
      let index = 0;
      let finished = false;
      return {
        async next(): Promise<IteratorResult<T>> {
          while (!finished && index >= items.length && !closed)
            await new Promise<void>((resolve) => wake.push(resolve));
          if (!finished && index < items.length) return { value: items[index++]!, done: false };
          return { value: undefined, done: true };
        },
        async return(): Promise<IteratorResult<T>> {
          finished = true;
          return { value: undefined, done: true };
        },
      };
    },
  };
}
