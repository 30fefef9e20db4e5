import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeEnv, ndjson, runCliBin, server, tempDir, useFakeServer } from './support/cli.js';

useFakeServer();

const panel = ['-m', 'openai:gpt-4.1-mini', '-m', 'anthropic:claude-haiku-4-5'];

describe('trialogue eval', () => {
  it("scores a format and the compute-matched vote on the user's tasks: a table and a JSON report", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'tasks.jsonl'),
      `${JSON.stringify({ id: 'a', question: 'What is 6*7?', answer: 42 })}\n${JSON.stringify({ id: 'b', question: 'What is 40+2?', answer: '42' })}\n`,
    );
    server.enqueue(...Array.from({ length: 40 }, () => ({ text: 'Worked it out.\nFinal answer: 42' })));
    const run = await runCliBin(
      ['eval', '--task', 'tasks.jsonl', '--format', 'society', '--rounds', '1', ...panel, '--yes'],
      {
        env: fakeEnv(server),
        cwd: dir,
      },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Estimate: \d+ model calls/);
    expect(run.stdout).toContain('## Evaluation: society vs compute-matched vote');
    expect(run.stdout).toMatch(/\| society \| 100\.0% \(2\/2\)/);
    expect(run.stdout).toMatch(/\| vote \(compute-matched\) \| 100\.0% \(2\/2\)/);
    const report = JSON.parse(readFileSync(join(dir, 'eval-report.json'), 'utf8'));
    expect(report.kind).toBe('trialogue.eval');
    expect(report.items.map((item: { id: string }) => item.id)).toEqual(['a', 'b']);
    expect(report.arms.format.correct).toBe(2);
    // Compute-matched: the vote drew as many samples as the format made calls.
    for (const item of report.items) expect(item.baseline.samples).toBe(item.format.calls);
  });

  it('runs the built-in arithmetic task and reports progress as NDJSON with --json', async () => {
    const dir = tempDir();
    const run = await runCliBin(
      [
        'eval',
        '--task',
        'arithmetic',
        '--n',
        '2',
        '--format',
        'vote',
        '--samples',
        '2',
        ...panel,
        '--yes',
        '--json',
        '--out',
        'r.json',
      ],
      {
        env: fakeEnv(server),
        cwd: dir,
      },
    );
    expect(run.code).toBe(0);
    const events = ndjson(run.stdout) as { type: string; completed?: number; report?: { total: number } }[];
    expect(events[0]?.type).toBe('estimate');
    expect(events.filter((event) => event.type === 'eval-progress').map((event) => event.completed)).toEqual([
      1, 2,
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'eval-report', report: { total: 2 } });
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).total).toBe(2);
  });

  it('rejects an unknown task with exit 2', async () => {
    const run = await runCliBin(['eval', '--task', 'poetry', ...panel, '--yes'], { env: fakeEnv(server) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown task "poetry"');
  });

  it('refuses to start off a terminal without --yes', async () => {
    const run = await runCliBin(['eval', '--n', '2', ...panel], { env: fakeEnv(server) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pass --yes');
    expect(server.requests).toHaveLength(0);
  });
});
