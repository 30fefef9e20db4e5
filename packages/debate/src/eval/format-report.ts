import { formatCost } from '@trialogue/core';
import type { EvalArmSummary, EvalItemRun, EvalReport } from './evaluate.js';

/** Options of {@link formatEvalReport}. */
export interface FormatEvalReportOptions {
  /** Add a table with every item's answers (default false). */
  items?: boolean;
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const whole = (x: number) => x.toLocaleString('en-US');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

/**
 * An evaluation report as Markdown (readable as plain text too): a table per arm with accuracy,
 * its 95% interval, calls, tokens, cost and failures, then McNemar's verdict in plain words.
 *
 * @example
 * ```ts
 * const report = await evaluate({ tasks: arithmeticTask({ n: 20 }), participants, format: 'society' });
 * console.log(formatEvalReport(report));
 * ```
 */
export function formatEvalReport(report: EvalReport, options: FormatEvalReportOptions = {}): string {
  const { format, baseline } = report.arms;
  const lines: string[] = [];
  lines.push(`## Evaluation: ${report.format}${baseline ? ' vs compute-matched vote' : ''}`, '');
  const who = report.participants
    .map((p) => `${p.provider}:${p.modelId}${p.role ? ` (${p.role})` : ''}`)
    .join(', ');
  const stopped =
    report.stopReason === 'aborted'
      ? ` (stopped early: ${report.completed} of ${report.total} finished)`
      : '';
  lines.push(`${plural(report.completed, 'item')}, seed ${report.seed}, participants: ${who}${stopped}.`, '');
  lines.push(
    report.tieBreak === 'none'
      ? `Ties for first place: no answer (a deadlock, scored wrong)${baseline ? ', in both arms' : ''}.`
      : `Ties for first place: broken at random with each item's seed${baseline ? ', in both arms' : ''}.`,
    '',
  );
  lines.push('| Arm | Accuracy | 95% interval | Calls | Tokens | Cost | No answer |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const row = (label: string, arm: EvalArmSummary) =>
    `| ${cell(label)} | ${percent(arm.accuracy)} (${arm.correct}/${arm.n}) | ${percent(arm.accuracyInterval[0])}–${percent(arm.accuracyInterval[1])} | ${whole(arm.calls)} | ${whole(arm.tokens)} | ${arm.costUsd === null ? 'n/a' : formatCost(arm.costUsd)} | ${arm.failures} |`;
  lines.push(row(format.name, format));
  if (baseline) lines.push(row('vote (compute-matched)', baseline));
  if (report.mcnemar) {
    const m = report.mcnemar;
    lines.push(
      '',
      `McNemar (${m.method === 'exact' ? 'exact binomial' : 'chi-square, continuity-corrected'}): ` +
        `${plural(m.b, 'item')} right only with ${report.format}, ${m.c} right only with vote: ${m.verdict}.`,
    );
  }
  if (options.items && report.items.length > 0) {
    const answer = (run: EvalItemRun | undefined) =>
      run ? `${run.correct ? '✓' : '✗'} ${cell(run.answer ?? (run.error ? 'error' : 'no answer'))}` : '';
    lines.push('', `| Item | Expected | ${cell(report.format)} |${baseline ? ' vote |' : ''}`);
    lines.push(`| --- | --- | --- |${baseline ? ' --- |' : ''}`);
    for (const item of report.items) {
      lines.push(
        `| ${cell(item.id)} | ${cell(item.expected ?? '?')} | ${answer(item.format)} |${baseline ? ` ${answer(item.baseline)} |` : ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
