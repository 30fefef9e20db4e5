import { TrialogueError } from '@trialogue/core';

/**
 * A count from the format options (`rounds`, `layers`, `samples`), else `fallback`; `rounds` is capped
 * by the budget's `maxRounds` so the format ends normally (with its vote) instead of being cut off.
 */
export function countOption(
  input: { formatOptions: Readonly<Record<string, unknown>>; budget: { maxRounds?: number } },
  key: string,
  fallback: number,
): number {
  const value = input.formatOptions[key];
  const count = typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
  return key === 'rounds' ? Math.min(count, input.budget.maxRounds ?? count) : count;
}

/** Throws `invalid-request` when `formatOptions[key]` is present but not a positive integer. */
export function assertCountOption(
  input: { formatOptions: Readonly<Record<string, unknown>> },
  key: string,
  format: string,
): void {
  const value = input.formatOptions[key];
  if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value > 0)) {
    throw formatOptionError(
      format,
      `formatOptions.${key} must be a positive integer; got ${JSON.stringify(value)}.`,
    );
  }
}

/** An `invalid-request` error about a format's options or roles. */
export function formatOptionError(format: string, message: string): TrialogueError {
  return new TrialogueError({
    kind: 'invalid-request',
    code: 'invalid-format-options',
    message: `The ${format} format: ${message}`,
  });
}
