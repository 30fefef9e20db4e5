/**
 * The 95% Wilson score interval of an accuracy of `correct` out of `n`: honest for small `n` and for
 * accuracies near 0 or 1, where the textbook `p ± 1.96·se` interval is not. `[0, 1]` when `n` is 0.
 *
 * @example
 * ```ts
 * wilsonInterval(8, 10); // [0.49, 0.94] (rounded)
 * ```
 */
export function wilsonInterval(correct: number, n: number, z = 1.959964): [number, number] {
  if (n <= 0) return [0, 1];
  const p = correct / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
