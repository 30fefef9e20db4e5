import { invalidRequest } from '@trialogue/core';

/** The result of {@link mcnemar}. JSON only. */
export interface McNemarResult {
  /** Items the first arm got right and the second got wrong. */
  b: number;
  /** Items the first arm got wrong and the second got right. */
  c: number;
  /** Paired items counted (both arms scored). */
  n: number;
  /** `exact` (two-sided binomial) when `b + c < 25`, `chi-square` (continuity-corrected) otherwise. */
  method: 'exact' | 'chi-square';
  /** `min(b, c)` for the exact test; `(|b - c| - 1)² / (b + c)` for the chi-square test. */
  statistic: number;
  /** Two-sided p-value. 1 when no item is discordant. */
  pValue: number;
  /** Whether `pValue < alpha`. */
  significant: boolean;
  alpha: number;
  /** In plain words: "no significant difference (p=0.62)" or "society better than vote (p=0.039)". */
  verdict: string;
}

/** Options of {@link mcnemar}. */
export interface McNemarOptions {
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Names of the two arms, for the verdict (default `first` and `second`). */
  labels?: readonly [string, string];
}

/** Below this many discordant pairs the exact binomial test is used. */
const EXACT_BELOW = 25;

/**
 * McNemar's test on paired right/wrong outcomes: did one arm get more items right than the other
 * by more than chance? Only items where the arms disagree count (`b`: first right, second wrong;
 * `c`: the reverse). Small counts get the exact two-sided binomial test, larger ones the chi-square
 * test with continuity correction.
 *
 * @example
 * ```ts
 * // [first arm correct, second arm correct] per item
 * const result = mcnemar([[true, false], [true, true], [false, true]], { labels: ['society', 'vote'] });
 * result.verdict; // "no significant difference (p=1)"
 * ```
 */
export function mcnemar(
  pairs: readonly (readonly [boolean, boolean])[],
  options: McNemarOptions = {},
): McNemarResult {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1))
    throw invalidRequest(`mcnemar: alpha must be between 0 and 1, got ${alpha}.`, 'invalid-option');
  const [first, second] = options.labels ?? ['first', 'second'];
  let b = 0;
  let c = 0;
  for (const [x, y] of pairs) {
    if (x && !y) b++;
    else if (!x && y) c++;
  }
  const discordant = b + c;
  let method: McNemarResult['method'];
  let statistic: number;
  let pValue: number;
  if (discordant < EXACT_BELOW) {
    method = 'exact';
    statistic = Math.min(b, c);
    pValue = discordant === 0 ? 1 : Math.min(1, 2 * binomialCdfHalf(statistic, discordant));
  } else {
    method = 'chi-square';
    statistic = (Math.abs(b - c) - 1) ** 2 / discordant;
    pValue = chiSquare1Survival(statistic);
  }
  const significant = pValue < alpha;
  const p = formatPValue(pValue);
  const verdict = !significant
    ? `no significant difference (${p})`
    : b > c
      ? `${first} better than ${second} (${p})`
      : `${second} better than ${first} (${p})`;
  return { b, c, n: pairs.length, method, statistic, pValue, significant, alpha, verdict };
}

/** `p=0.62`, `p=0.039`, `p<0.001`: two significant digits, which is all a p-value deserves. */
export function formatPValue(p: number): string {
  if (p < 0.001) return 'p<0.001';
  return `p=${Number(p.toPrecision(2))}`;
}

/** P(X <= k) for X ~ Binomial(n, 1/2). Exact enough for the small n it is used with. */
function binomialCdfHalf(k: number, n: number): number {
  let term = 0.5 ** n; // C(n, 0) / 2^n
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term = (term * (n - i + 1)) / i;
    sum += term;
  }
  return sum;
}

/** P(X >= x) for X ~ chi-square with 1 degree of freedom: erfc(sqrt(x / 2)). */
function chiSquare1Survival(x: number): number {
  if (x <= 0) return 1;
  return erfc(Math.sqrt(x / 2));
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
