import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeEnv, ndjson, runCliBin, server, tempDir, useFakeServer } from './support/cli.js';

useFakeServer();

const panel = ['-m', 'openai:gpt-4.1-mini', '-m', 'anthropic:claude-haiku-4-5'];
const prose = 'Split it into a gateway, a worker and a queue between them.';

describe('open-ended debates', () => {
  it('says there is no short answer to vote on and points to the final round, never "deadlock"', async () => {
    server.enqueue(...Array.from({ length: 6 }, () => ({ text: prose })));
    const run = await runCliBin(['debate', 'How should I structure this service?', ...panel, '--yes'], {
      env: fakeEnv(server),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No short answer to vote on');
    expect(run.stdout).toContain('The result is the final round above (round 3 · consensus)');
    expect(run.stdout).not.toMatch(/deadlock|Answer: none/);
  });

  it("shows the judge's synthesis as the result with --judge", async () => {
    server.enqueue(...Array.from({ length: 6 }, () => ({ text: prose })), {
      text: 'Keep the **gateway** thin; the queue decouples the worker.',
    });
    const run = await runCliBin(
      ['debate', 'How should I structure this service?', ...panel, '--judge', 'openai:gpt-4.1-mini', '--yes'],
      { env: fakeEnv(server) },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No short answer to vote on');
    expect(run.stdout).toContain('The result, by judge (openai:gpt-4.1-mini):');
    expect(run.stdout).toMatch(/The result, by judge[^\n]*\nKeep the \*\*gateway\*\* thin/);
  });
});

describe('what the live run showed, replayed', () => {
  it('says why a roundtable goes on after consensus, and replay shows the same vote and consensus lines', async () => {
    server.enqueue(...Array.from({ length: 6 }, () => ({ text: 'Six times seven.\nFinal answer: 42' })));
    const dir = tempDir();
    const live = await runCliBin(['debate', 'What is 6*7?', ...panel, '--yes', '--out', 'd.json'], {
      env: fakeEnv(server),
      cwd: dir,
    });
    expect(live.code).toBe(0);
    expect(live.stdout).toMatch(
      /Consensus after round 1: agreed · roundtable still plays its three rounds .*--option stopWhen=unanimity/,
    );
    const replay = await runCliBin(['replay', 'd.json'], { env: fakeEnv(server), cwd: dir });
    expect(replay.code).toBe(0);
    const notes = (text: string) =>
      text
        .split('\n')
        .filter((line) => /^(Vote|Consensus|Answer|Stopped)/.test(line))
        .map((line) => line.replace(/ · \d+(\.\d+)? m?s$/, ''));
    expect(notes(replay.stdout)).toEqual(notes(live.stdout));
    expect(notes(replay.stdout)).toContain('Vote round 3: 42 (2) → winner 42');
  });

  it('stops a roundtable at agreement with --option stopWhen=unanimity', async () => {
    server.enqueue(...Array.from({ length: 2 }, () => ({ text: 'Final answer: 42' })));
    const run = await runCliBin(
      ['debate', 'What is 6*7?', ...panel, '--yes', '--option', 'stopWhen=unanimity'],
      {
        env: fakeEnv(server),
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Consensus after round 1: agreed (stop: consensus)');
    expect(run.stdout).not.toContain('Round 2');
  });

  it("shows each adversarial speaker's side live, as soon as it is assigned, in the outcome and in replay", async () => {
    server.enqueue(
      { text: 'Final answer: 41' },
      { text: 'Final answer: 42' },
      ...Array.from({ length: 6 }, () => ({ text: 'My case.\nFinal answer: 42' })),
    );
    const judged = ['--judge', 'openai:gpt-4.1-mini', '--rounds', '1', '--yes'];
    const dir = tempDir();
    const run = await runCliBin(
      ['debate', 'Q?', '--format', 'adversarial', ...panel, ...judged, '--out', 'adv.json'],
      { env: fakeEnv(server), cwd: dir },
    );
    expect(run.code).toBe(0);
    // Which model answered first is up to the fake server: read each one's opening answer back.
    const first = (model: string) =>
      new RegExp(`=== ${model.replace(/\./g, '\\.')} ===\\n(?:.*\\n)*?Final answer: (4[12])`).exec(
        run.stdout,
      )?.[1];
    const gpt = first('openai:gpt-4.1-mini');
    const claude = first('anthropic:claude-haiku-4-5');
    expect([gpt, claude].sort()).toEqual(['41', '42']);
    const live = (stdout: string) => {
      const announced = stdout.indexOf(
        `Sides: A openai:gpt-4.1-mini defends "${gpt}", B anthropic:claude-haiku-4-5 defends "${claude}"`,
      );
      const argued = stdout.indexOf('── Round 2 · argument ──');
      expect(announced).toBeGreaterThan(stdout.indexOf('── Round 1 · answer ──'));
      expect(announced).toBeLessThan(argued);
      expect(stdout.slice(argued)).toContain(`=== openai:gpt-4.1-mini · A: defends "${gpt}" ===`);
      expect(stdout.slice(argued)).toContain(`=== anthropic:claude-haiku-4-5 · B: defends "${claude}" ===`);
      // The opening answers come before any side: no label there.
      expect(stdout.slice(0, argued)).not.toMatch(/=== [^\n]* · [AB]: /);
    };
    live(run.stdout);
    expect(run.stdout).toMatch(
      /^Sides: openai:gpt-4\.1-mini defends "4[12]", anthropic:claude-haiku-4-5 defends "4[12]"$/m,
    );
    const replay = await runCliBin(['replay', 'adv.json'], { env: fakeEnv(server), cwd: dir });
    expect(replay.code).toBe(0);
    live(replay.stdout);

    server.reset();
    server.enqueue(...Array.from({ length: 6 }, () => ({ text: 'My case.\nFinal answer: 42' })));
    const sides = JSON.stringify(['You are the PROPONENT of tabs.', 'You are the CRITIC of tabs.']);
    const given = await runCliBin(
      ['debate', 'Tabs?', '--format', 'adversarial', ...panel, '--option', `sides=${sides}`, ...judged],
      { env: fakeEnv(server) },
    );
    expect(given.code).toBe(0);
    expect(given.stdout).toContain('=== openai:gpt-4.1-mini · A: proponent of tabs ===');
    expect(given.stdout).toContain('=== anthropic:claude-haiku-4-5 · B: critic of tabs ===');

    // --json passes the library's sides event through, before the first round.
    server.reset();
    server.enqueue(...Array.from({ length: 6 }, () => ({ text: 'My case.\nFinal answer: 42' })));
    const json = await runCliBin(
      [
        'debate',
        'Tabs?',
        '--format',
        'adversarial',
        ...panel,
        '--option',
        `sides=${sides}`,
        ...judged,
        '--json',
      ],
      { env: fakeEnv(server) },
    );
    expect(json.code).toBe(0);
    const lines = ndjson(json.stdout);
    const at = lines.findIndex((line) => line.type === 'sides');
    expect(lines[at]).toMatchObject({
      round: 1,
      from: 'sides',
      sides: [
        { participantId: 'openai:gpt-4.1-mini', letter: 'A', kind: 'side' },
        { participantId: 'anthropic:claude-haiku-4-5', letter: 'B', kind: 'side' },
      ],
    });
    expect(lines.findIndex((line) => line.type === 'round-start')).toBe(at + 1);
  });
});

describe('run results you can read', () => {
  function batch(): string {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'spec.json'),
      JSON.stringify({
        participants: ['openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5'],
        format: 'vote',
        questions: [
          { id: 'six', question: 'What is 6*7?', answer: 42 },
          { id: 'two', question: 'What is 1+1?', answer: 3 },
        ],
        concurrency: 1,
        out: 'out.jsonl',
      }),
    );
    return dir;
  }

  it('ends run with a table of answers per question and model, correctness and cost; replay --item plays one', async () => {
    server.enqueue(...Array.from({ length: 2 }, () => ({ text: 'Final answer: 42' })));
    server.enqueue(...Array.from({ length: 2 }, () => ({ text: 'Final answer: 2' })));
    const dir = batch();
    const run = await runCliBin(['run', 'spec.json'], { env: fakeEnv(server), cwd: dir });
    expect(run.code).toBe(0);
    const header = run.stdout.split('\n')[0]!;
    expect(header).toMatch(
      /^ID\s+QUESTION\s+openai:gpt-4\.1-mini\s+anthropic:claude-haiku-4-5\s+ANSWER\s+CORRECT\s+COST$/,
    );
    expect(run.stdout).toMatch(/^six\s+What is 6\*7\?\s+42\s+42\s+42\s+yes\s+<?\$/m);
    expect(run.stdout).toMatch(/^two\s+What is 1\+1\?\s+2\s+2\s+2\s+no\s+<?\$/m);
    expect(run.stderr).toContain('trialogue replay out.jsonl --item ID');

    const table = await runCliBin(['replay', 'out.jsonl'], { env: fakeEnv(server), cwd: dir });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^six\s+What is 6\*7\?/m);

    const item = await runCliBin(['replay', 'out.jsonl', '--item', 'two'], {
      env: fakeEnv(server),
      cwd: dir,
    });
    expect(item.code).toBe(0);
    expect(item.stdout).toContain('Question: What is 1+1?');
    expect(item.stdout).toContain('Vote round 1: 2 (2) → winner 2');
    expect(item.stdout).toContain('Answer: 2');
    const byNumber = await runCliBin(['replay', 'out.jsonl', '--item', '1'], {
      env: fakeEnv(server),
      cwd: dir,
    });
    expect(byNumber.stdout).toContain('Question: What is 6*7?');

    const missing = await runCliBin(['replay', 'out.jsonl', '--item', 'nope'], {
      env: fakeEnv(server),
      cwd: dir,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('has no item "nope". Its items: six, two.');
    // --json keeps its NDJSON.
    const json = await runCliBin(['run', 'spec.json', '--restart', '--json'], {
      env: fakeEnv(server),
      cwd: dir,
    });
    expect(ndjson(json.stdout).map((line) => line.type)).toContain('batch-end');
  });
});
