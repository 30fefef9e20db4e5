import type { Vote } from './leaderboard.js';

/** A visitor's verdict on a round: the index of the best answer, a tie, or all bad. */
export type RoundVerdict = { winner: number } | 'tie' | 'both-bad';

/** The letter a contender is shown under before the vote (`A`, `B`, ...). */
export const letterOf = (index: number) => String.fromCharCode(65 + index);

/**
 * `count` different models from `pool`, in random order (the order is the anonymous lettering).
 * Throws when the pool has fewer than `count` different models.
 */
export function pickContenders(
  pool: readonly string[],
  count: number,
  random: () => number = Math.random,
): string[] {
  const unique = [...new Set(pool)];
  if (count < 2 || unique.length < count) {
    throw new Error(
      `The arena needs at least ${Math.max(2, count)} different models; it has ${unique.length}.`,
    );
  }
  for (let i = unique.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [unique[i], unique[j]] = [unique[j]!, unique[i]!];
  }
  return unique.slice(0, count);
}

/**
 * The pairwise votes a verdict stands for: the winner beat every other contender; a tie or "both
 * bad" is a tie between every pair.
 *
 * @example
 * ```ts
 * votesFromVerdict(['x', 'y'], { winner: 1 }); // [{ a: 'x', b: 'y', verdict: 'b' }]
 * ```
 */
export function votesFromVerdict(contenders: readonly string[], verdict: RoundVerdict, at?: string): Vote[] {
  const votes: Vote[] = [];
  for (let i = 0; i < contenders.length; i++) {
    for (let j = i + 1; j < contenders.length; j++) {
      if (typeof verdict === 'object') {
        if (verdict.winner !== i && verdict.winner !== j) continue;
        votes.push({ a: contenders[i]!, b: contenders[j]!, verdict: verdict.winner === i ? 'a' : 'b', at });
      } else {
        votes.push({ a: contenders[i]!, b: contenders[j]!, verdict, at });
      }
    }
  }
  return votes;
}
