import type { PlannedCall } from '../types.js';

/**
 * The planned calls of `rounds` parallel rounds of every debater: the first round reads nothing,
 * each later one reads a full round of answers. For `estimateDebate`.
 */
export function plannedRounds(
  rounds: number,
  participants: number,
  phaseOf: (round: number) => string,
): PlannedCall[] {
  return Array.from({ length: rounds }, (_, index) =>
    Array.from({ length: participants }, (_, speaker) => ({
      speaker,
      round: index + 1,
      phase: phaseOf(index + 1),
      reads: index === 0 ? 0 : participants,
    })),
  ).flat();
}
