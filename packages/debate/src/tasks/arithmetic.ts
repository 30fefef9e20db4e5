import { invalidRequest } from '@trialogue/core';
import { seededRandom } from '../run/random.js';
import type { Task } from './types.js';

/** Options of {@link arithmeticTask}. */
export interface ArithmeticTaskOptions {
  /** How many items (default 100, as in the paper). */
  n?: number;
  /** Same seed, same items, on every platform (default 0). */
  seed?: number;
}

/** Operands are drawn from `0..29`, as in the paper's code (`np.random.randint(0, 30, size=6)`). */
const OPERAND_LIMIT = 30;
const MAX_ITEMS = 100_000;

/**
 * The arithmetic task of the multi-agent-debate paper (Du et al. 2023, "Improving Factuality and
 * Reasoning in Language Models through Multiagent Debate"): evaluate `a+b*c+d-e*f` for six integers
 * below 30, scored by exact match of the number. The prompt keeps the paper's wording and asks for a
 * `Final answer:` line so every format extracts the answer the same way.
 *
 * @example
 * ```ts
 * const tasks = arithmeticTask({ n: 20, seed: 1 });
 * tasks[0].question; // 'What is the result of 18+0*15+29-29*8? Make sure to state your answer at the end of the response, ...'
 * tasks[0].answer; // '-185'
 * ```
 */
export function arithmeticTask(options: ArithmeticTaskOptions = {}): Task[] {
  const n = options.n ?? 100;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(n) || n < 1 || n > MAX_ITEMS) {
    throw invalidRequest(
      `arithmeticTask: n must be a whole number from 1 to ${MAX_ITEMS}, got ${String(n)}.`,
      'invalid-task-options',
    );
  }
  if (!Number.isInteger(seed)) {
    throw invalidRequest(
      `arithmeticTask: seed must be a whole number, got ${String(seed)}.`,
      'invalid-task-options',
    );
  }
  const next = seededRandom(seed);
  const tasks: Task[] = [];
  for (let i = 0; i < n; i++) {
    const [a, b, c, d, e, f] = Array.from({ length: 6 }, () => Math.floor(next() * OPERAND_LIMIT)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const expression = `${a}+${b}*${c}+${d}-${e}*${f}`;
    tasks.push({
      id: `arithmetic-${seed}-${i + 1}`,
      question:
        `What is the result of ${expression}? Make sure to state your answer at the end of the response, ` +
        'on a last line of the form "Final answer: <number>".',
      answer: String(a + b * c + d - e * f),
      normaliser: 'number',
    });
  }
  return tasks;
}
