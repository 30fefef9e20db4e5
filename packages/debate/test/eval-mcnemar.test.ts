import { describe, expect, it } from 'vitest';
import { formatPValue, mcnemar } from '../src/eval/mcnemar.js';

/** b items right only in the first arm, c only in the second, plus some concordant ones. */
function pairs(b: number, c: number, bothRight = 3, bothWrong = 2): [boolean, boolean][] {
  return [
    ...Array.from({ length: b }, (): [boolean, boolean] => [true, false]),
    ...Array.from({ length: c }, (): [boolean, boolean] => [false, true]),
    ...Array.from({ length: bothRight }, (): [boolean, boolean] => [true, true]),
    ...Array.from({ length: bothWrong }, (): [boolean, boolean] => [false, false]),
  ];
}

// Reference values from scipy.stats.binomtest(k, n, 0.5).pvalue and chi2.sf(statistic, 1).
describe('mcnemar', () => {
  it('uses the exact binomial test for few discordant pairs (b=10, c=2: p = 0.0386)', () => {
    const result = mcnemar(pairs(10, 2), { labels: ['society', 'vote'] });
    expect(result).toMatchObject({ b: 10, c: 2, n: 17, method: 'exact', statistic: 2, significant: true });
    expect(result.pValue).toBeCloseTo(0.03857421875, 12);
    expect(result.verdict).toBe('society better than vote (p=0.039)');
  });

  it('is symmetric: the second arm wins when c > b', () => {
    const result = mcnemar(pairs(2, 10), { labels: ['society', 'vote'] });
    expect(result.pValue).toBeCloseTo(0.03857421875, 12);
    expect(result.verdict).toBe('vote better than society (p=0.039)');
  });

  it('matches other exact values (0 vs 5, 3 vs 21, 12 vs 12)', () => {
    expect(mcnemar(pairs(0, 5)).pValue).toBeCloseTo(0.0625, 12);
    expect(mcnemar(pairs(21, 3)).pValue).toBeCloseTo(0.0002771615982055664, 12);
    expect(mcnemar(pairs(12, 12)).pValue).toBe(1);
  });

  it('says there is no difference when no item is discordant', () => {
    const result = mcnemar(pairs(0, 0));
    expect(result).toMatchObject({ b: 0, c: 0, pValue: 1, significant: false });
    expect(result.verdict).toBe('no significant difference (p=1)');
    expect(mcnemar([]).pValue).toBe(1);
  });

  it('uses the continuity-corrected chi-square from 25 discordant pairs (b=30, c=10)', () => {
    const result = mcnemar(pairs(30, 10));
    expect(result.method).toBe('chi-square');
    expect(result.statistic).toBeCloseTo(9.025, 12);
    expect(result.pValue).toBeCloseTo(0.002663119259138558, 6);
    expect(result.verdict).toBe('first better than second (p=0.0027)');
  });

  it('switches method exactly at b + c = 25', () => {
    expect(mcnemar(pairs(20, 4)).method).toBe('exact');
    const result = mcnemar(pairs(20, 5));
    expect(result.method).toBe('chi-square');
    expect(result.pValue).toBeCloseTo(0.005110260660855866, 6);
  });

  it('reports a small, even difference as not significant (15 vs 15, 8 vs 5)', () => {
    const even = mcnemar(pairs(15, 15));
    expect(even.pValue).toBeCloseTo(0.8551321405847059, 6);
    expect(even.significant).toBe(false);
    const small = mcnemar(pairs(8, 5));
    expect(small.verdict).toBe('no significant difference (p=0.58)');
  });

  it('handles a lopsided large sample without underflow', () => {
    const result = mcnemar(pairs(40, 0));
    expect(result.pValue).toBeGreaterThan(0);
    expect(result.pValue).toBeCloseTo(6.984393061522137e-10, 12);
    expect(result.verdict).toBe('first better than second (p<0.001)');
  });

  it('honours alpha', () => {
    expect(mcnemar(pairs(10, 2), { alpha: 0.01 }).significant).toBe(false);
    expect(() => mcnemar([], { alpha: 2 })).toThrow(/alpha/);
  });
});

describe('formatPValue', () => {
  it('keeps two significant digits', () => {
    expect(formatPValue(0.6171875)).toBe('p=0.62');
    expect(formatPValue(0.03857)).toBe('p=0.039');
    expect(formatPValue(1)).toBe('p=1');
    expect(formatPValue(0.0004)).toBe('p<0.001');
  });
});
