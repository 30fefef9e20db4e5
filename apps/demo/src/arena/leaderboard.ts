/**
 * The arena's local leaderboard: a Bradley-Terry model fitted to every vote at once.
 *
 * Why Bradley-Terry and not Elo: Elo updates one vote at a time, so the same votes in another order
 * give other ratings, and with the few dozen votes one visitor casts that order effect is as large as
 * the differences being measured. Bradley-Terry fits all votes together (the result does not depend
 * on their order) and is what LMArena moved to for the same reason. Ratings are shown on the familiar
 * Elo scale (1000 = average, +400 = ten times the odds of winning).
 */

/** What the visitor said about one pairing. */
export type Verdict = 'a' | 'b' | 'tie' | 'both-bad';

/** One vote: two models (`provider:model`) and the verdict. */
export interface Vote {
  a: string;
  b: string;
  verdict: Verdict;
  /** ISO time. */
  at?: string;
}

/** One row of the leaderboard. */
export interface Rating {
  model: string;
  /** Elo-scale rating: 1000 is the average of an imaginary reference model. */
  rating: number;
  /** Votes this model took part in: the evidence behind its rating. */
  votes: number;
  wins: number;
  losses: number;
  ties: number;
}

/**
 * Strength of the prior: every model plays this many virtual games against a reference of rating
 * 1000, half won, half lost. It keeps ratings finite when a model has won every vote so far, and
 * pulls models with few votes towards 1000 (the evidence has to outweigh it).
 */
export const PRIOR_GAMES = 2;

const SCALE = 400 / Math.log(10);

/**
 * Ratings from votes, best first (ties in rating: more votes first, then by name). "Tie" and
 * "both bad" count as half a win each (both bad says nothing about which is better).
 *
 * @example
 * ```ts
 * rate([{ a: 'sample:ada', b: 'sample:basil', verdict: 'a' }])[0].model; // 'sample:ada'
 * ```
 */
export function rate(votes: readonly Vote[], options: { iterations?: number } = {}): Rating[] {
  const models = [...new Set(votes.flatMap((v) => [v.a, v.b]))].sort();
  const index = new Map(models.map((m, i) => [m, i]));
  const n = models.length;
  const wins = new Array<number>(n).fill(PRIOR_GAMES / 2);
  const games = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const rows: Rating[] = models.map((model) => ({
    model,
    rating: 1000,
    votes: 0,
    wins: 0,
    losses: 0,
    ties: 0,
  }));
  for (const vote of votes) {
    if (vote.a === vote.b) continue;
    const i = index.get(vote.a)!;
    const j = index.get(vote.b)!;
    games[i]![j]! += 1;
    games[j]![i]! += 1;
    rows[i]!.votes++;
    rows[j]!.votes++;
    if (vote.verdict === 'a') {
      wins[i]! += 1;
      rows[i]!.wins++;
      rows[j]!.losses++;
    } else if (vote.verdict === 'b') {
      wins[j]! += 1;
      rows[j]!.wins++;
      rows[i]!.losses++;
    } else {
      wins[i]! += 0.5;
      wins[j]! += 0.5;
      rows[i]!.ties++;
      rows[j]!.ties++;
    }
  }
  // Minorisation-maximisation (Hunter 2004): p_i = W_i / sum_j n_ij / (p_i + p_j), the reference fixed at 1.
  let strength = new Array<number>(n).fill(1);
  for (let iteration = 0; iteration < (options.iterations ?? 500); iteration++) {
    const next = strength.map((p, i) => {
      let denominator = PRIOR_GAMES / (p + 1);
      for (let j = 0; j < n; j++) {
        const played = games[i]![j]!;
        if (played) denominator += played / (p + strength[j]!);
      }
      return wins[i]! / denominator;
    });
    const change = Math.max(...next.map((p, i) => Math.abs(p - strength[i]!)), 0);
    strength = next;
    if (change < 1e-10) break;
  }
  for (const [i, row] of rows.entries()) row.rating = Math.round(1000 + SCALE * Math.log(strength[i]!));
  return rows.sort((x, y) => y.rating - x.rating || y.votes - x.votes || x.model.localeCompare(y.model));
}
