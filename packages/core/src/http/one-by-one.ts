import type { StreamEvent } from '../stream/events.js';

/**
 * Hands out the events of `batches` one at a time (for core's own streams; not exported from the
 * package): a buffered event costs one resolved promise,
 * and the generator only runs again once its last batch is used up (one generator hop per network
 * read, not per token). `return()` and `throw()` go straight to the generator, so stopping early
 * closes the attempt and its connection at once, exactly as the generator alone would.
 */
export function oneByOne(
  batches: AsyncGenerator<readonly StreamEvent[], void>,
): AsyncGenerator<StreamEvent, void> {
  let batch: readonly StreamEvent[] = [];
  let index = 0;
  // Bumped by return()/throw(): a batch still on its way then is not buffered.
  let epoch = 0;
  // next() calls not settled yet, the last of them, and how to count one off.
  let inFlight = 0;
  let last: Promise<IteratorResult<StreamEvent, void>> | undefined;
  const settled = () => {
    inFlight--;
  };
  // A batch the generator yielded: its first event now, the rest buffered.
  const serve = (step: IteratorResult<readonly StreamEvent[], void>): IteratorResult<StreamEvent, void> => {
    if (step.done) return step;
    batch = step.value;
    index = 1;
    return { value: step.value[0]!, done: false };
  };
  const take = (): Promise<IteratorResult<StreamEvent, void>> | IteratorResult<StreamEvent, void> => {
    if (index < batch.length) return { value: batch[index++]!, done: false };
    const at = epoch;
    return batches.next().then((step) =>
      // Stopped meanwhile: this pull still gets its event, later ones come from the generator.
      at !== epoch && !step.done ? { value: step.value[0]!, done: false } : serve(step),
    );
  };
  const drop = () => {
    epoch++;
    batch = [];
    index = 0;
  };
  const events: AsyncGenerator<StreamEvent, void> = {
    next() {
      if (inFlight === 0 && index < batch.length)
        return Promise.resolve({ value: batch[index++]!, done: false });
      // A pull is due, or one is under way: queue behind it so events keep their order.
      const result = inFlight === 0 ? Promise.resolve(take()) : last!.then(take, take);
      inFlight++;
      last = result;
      result.then(settled, settled);
      return result;
    },
    return(value) {
      drop();
      return batches.return(value).then(serve);
    },
    // Thrown in at the generator's yield: it still ends with one terminal event.
    throw(error) {
      drop();
      return batches.throw(error).then(serve);
    },
    [Symbol.asyncIterator]: () => events,
  };
  return events;
}
