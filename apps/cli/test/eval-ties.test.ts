import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeEnv, runCliBin, server, tempDir, useFakeServer } from './support/cli.js';

useFakeServer();

describe('trialogue eval -f vote -m A -m B (issue 10, item 9)', () => {
  it('settles ties by one rule in both arms, and says which', async () => {
    const dir = tempDir();
    const items = 12;
    writeFileSync(
      join(dir, 'tasks.jsonl'),
      Array.from({ length: items }, (_, i) =>
        JSON.stringify({ id: `t${i}`, question: `What is ${i} + 1?`, answer: i + 1 }),
      ).join('\n'),
    );
    // Every pair of calls disagrees (one says 1, the other 2): each item is a tie in both arms.
    server.enqueue(
      ...Array.from({ length: items * 4 }, (_, k) => ({ text: `Thinking.\nFinal answer: ${1 + (k % 2)}` })),
    );
    const run = await runCliBin(
      [
        'eval',
        '--task',
        'tasks.jsonl',
        '-f',
        'vote',
        '-m',
        'openai:gpt-4.1-mini',
        '-m',
        'anthropic:claude-haiku-4-5',
        '--yes',
      ],
      { env: fakeEnv(server), cwd: dir },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "Ties for first place: broken at random with each item's seed, in both arms.",
    );
    const report = JSON.parse(readFileSync(join(dir, 'eval-report.json'), 'utf8'));
    expect(report.tieBreak).toBe('random');
    // The format's ties are broken like the baseline's: no deadlock scored wrong on one side only.
    for (const item of report.items) {
      expect(item.format.stopReason).not.toBe('deadlock');
      expect(item.baseline.stopReason).not.toBe('deadlock');
      expect(['1', '2']).toContain(item.format.answer);
    }
  });
});
