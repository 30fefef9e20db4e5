/**
 * A small seedable PRNG (mulberry32): 32-bit state, good enough to draw task operands, and the same
 * sequence on every platform for a given seed.
 *
 * @example
 * ```ts
 * const next = mulberry32(7);
 * next(); // a float in [0, 1), the same for seed 7 everywhere
 * ```
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in `[0, below)` from a PRNG. */
export function randomBelow(next: () => number, below: number): number {
  return Math.floor(next() * below);
}
