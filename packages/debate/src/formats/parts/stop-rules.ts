/** The answers after a round, as stop rules see them. */
export interface RoundState {
  round: number;
  /** The format's last round. */
  maxRounds: number;
  /** Each active debater's extracted answer this round (`undefined`: none given). */
  answers: Record<string, string | undefined>;
  /** The same for the round before, when there was one. */
  previous?: Record<string, string | undefined>;
}

/** Returns a stop reason to end the rounds after this one, or `undefined` to go on. */
export type StopRule = (state: RoundState) => string | undefined;

/** True when at least two debaters answered and all gave the same answer. */
export function allAgree(answers: Record<string, string | undefined>): boolean {
  const values = Object.values(answers);
  return values.length >= 2 && values.every((a) => a !== undefined && a === values[0]);
}

/** Stops after `limit` rounds (default: the format's own number of rounds): `max-rounds`. */
export const maxRounds =
  (limit?: number): StopRule =>
  (state) =>
    state.round >= (limit ?? state.maxRounds) ? 'max-rounds' : undefined;

/** Stops when every active debater gives the same answer: `consensus`. */
export const unanimity = (): StopRule => (state) => (allAgree(state.answers) ? 'consensus' : undefined);

/** Stops when at least `fraction` of the active debaters give the same answer: `quorum`. */
export const quorum =
  (fraction: number): StopRule =>
  (state) => {
    const values = Object.values(state.answers);
    const counts = new Map<string, number>();
    for (const answer of values) if (answer !== undefined) counts.set(answer, (counts.get(answer) ?? 0) + 1);
    const best = Math.max(0, ...counts.values());
    return values.length >= 2 && best / values.length >= fraction ? 'quorum' : undefined;
  };

/** Stops when no debater changed its answer since the previous round: `unchanged`. */
export const unchanged = (): StopRule => (state) => {
  if (!state.previous) return undefined;
  const ids = Object.keys(state.answers);
  const same = ids.every(
    (id) => state.answers[id] !== undefined && state.answers[id] === state.previous?.[id],
  );
  return ids.length > 0 && same ? 'unchanged' : undefined;
};

/** The names {@link stopRuleByName} knows. */
export const STOP_RULE_NAMES = ['unanimity', 'quorum', 'unchanged', 'never'] as const;

/** A stop rule from its name in `formatOptions.stopWhen`: `unanimity`, `quorum`, `unchanged` or `never`. */
export function stopRuleByName(name: unknown, quorumFraction = 2 / 3): StopRule[] {
  if (name === 'never') return [];
  if (name === 'quorum') return [quorum(quorumFraction)];
  if (name === 'unchanged') return [unchanged()];
  return [unanimity()];
}
