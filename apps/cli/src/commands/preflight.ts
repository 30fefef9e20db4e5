import { createInterface } from 'node:readline';
import { formatCost } from '@trialogue/core';
import type { DebateEstimate } from '@trialogue/debate';
import { CliError, type Context } from '../context.js';
import { ExitCode } from '../io.js';

/**
 * Shows the pre-flight estimate, then asks to go on: on a terminal a y/N question, elsewhere
 * `--yes` is required (a usage error otherwise). Resolves false when the person declines.
 */
export async function preflight(
  context: Context,
  estimate: DebateEstimate,
  maxCost: number | undefined,
  what: string,
): Promise<boolean> {
  showEstimate(context, estimate, maxCost);
  if (context.args.options.yes === true) return true;
  const interactive = context.io.isTTY && context.io.stdin.isTTY === true && !context.json;
  if (!interactive)
    throw new CliError(
      `Not starting ${what} without a confirmation: pass --yes to run it non-interactively.`,
    );
  const answer = await confirm(context, `Start ${what}? [y/N] `);
  if (answer === undefined) throw new CliError('Interrupted.', ExitCode.interrupted);
  if (answer) return true;
  context.err('Not started.\n');
  return false;
}

function showEstimate(context: Context, estimate: DebateEstimate, maxCost: number | undefined): void {
  if (context.json) {
    context.emit({ type: 'estimate', ...estimate });
    return;
  }
  const phases = Object.entries(estimate.byPhase)
    .map(([phase, calls]) => `${phase} ${calls}`)
    .join(', ');
  const cost =
    estimate.costUsd !== undefined
      ? `at most about ${formatCost(estimate.costUsd)}`
      : 'cost unknown (a model has no catalogued price)';
  context.err(
    `${context.fit(`${context.style.bold('Estimate:')} ${estimate.calls} model calls (${phases}), ~${estimate.inputTokens.toLocaleString('en-US')} input + ~${estimate.outputTokens.toLocaleString('en-US')} output tokens, ${cost}.`)}\n`,
  );
  if (maxCost !== undefined && estimate.costUsd !== undefined && estimate.costUsd > maxCost) {
    context.err(
      context.style.yellow(`The budget --max-cost ${formatCost(maxCost)} may stop it before the end.\n`),
    );
  }
}

/** Asks a yes/no question on the terminal; undefined on Ctrl-C. */
export function confirm(context: Context, question: string): Promise<boolean | undefined> {
  return new Promise((resolve) => {
    const rl = createInterface({
      input: context.io.stdin,
      output: context.io.stderr as unknown as NodeJS.WritableStream,
      terminal: true,
    });
    let answered = false;
    rl.on('SIGINT', () => {
      answered = true;
      rl.close();
      context.io.stderr.write('\n');
      resolve(undefined);
    });
    rl.on('close', () => {
      if (!answered) resolve(false);
    });
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
  });
}
