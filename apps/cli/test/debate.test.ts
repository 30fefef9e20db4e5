import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CANARY,
  fakeEnv,
  ndjson,
  runCliBin,
  server,
  spawnCli,
  tempDir,
  useFakeServer,
} from './support/cli.js';

useFakeServer();

const panel = [
  '-m',
  'openai:gpt-4.1-mini',
  '-m',
  'anthropic:claude-haiku-4-5',
  '-m',
  'groq:llama-3.3-70b-versatile',
];
const answer42 = () =>
  server.enqueue(...Array.from({ length: 40 }, () => ({ text: 'Six times seven.\nFinal answer: 42' })));

describe('trialogue debate', () => {
  const cases: { format: string; extra: string[] }[] = [
    { format: 'roundtable', extra: [] },
    { format: 'society', extra: ['--rounds', '2'] },
    { format: 'council', extra: ['--chair', 'openai:gpt-4.1-mini'] },
    { format: 'moa', extra: ['--rounds', '1'] },
    { format: 'adversarial', extra: ['--judge', 'anthropic:claude-haiku-4-5', '--rounds', '1'] },
    { format: 'conversation', extra: ['--rounds', '1'] },
    { format: 'vote', extra: ['--samples', '3'] },
  ];
  for (const { format, extra } of cases) {
    it(`runs the ${format} format to an outcome and saves its transcript`, async () => {
      answer42();
      const dir = tempDir();
      const run = await runCliBin(
        ['debate', 'What is 6*7?', '--format', format, ...panel, ...extra, '--yes', '--out', 'd.json'],
        {
          env: fakeEnv(server),
          cwd: dir,
        },
      );
      expect(run.stderr).toMatch(/Estimate: \d+ model calls/);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Debate · ${format}`);
      expect(run.stdout).toMatch(/── Round 1 · /);
      expect(run.stdout).toContain('── Outcome ──');
      const transcript = JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8'));
      expect(transcript.kind).toBe('debate');
      expect(transcript.mode).toBe(format);
      expect(
        transcript.turns.filter((turn: { role: string }) => turn.role === 'assistant').length,
      ).toBeGreaterThan(0);
      if (format !== 'conversation') {
        expect(run.stdout).toContain('Answer: 42');
        expect(transcript.outcome.answer).toBe('42');
      }
    });
  }

  it('refuses to start off a terminal without --yes (exit 2), after showing the estimate', async () => {
    const run = await runCliBin(['debate', 'What is 6*7?', ...panel], { env: fakeEnv(server) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Estimate: 9 model calls \(answer 3, review 3, consensus 3\)/);
    expect(run.stderr).toContain('pass --yes');
    expect(server.requests).toHaveLength(0);
  });

  it('writes every debate event as NDJSON with --json', async () => {
    answer42();
    const run = await runCliBin(
      ['debate', 'What is 6*7?', '--format', 'vote', '--samples', '2', ...panel, '--yes', '--json'],
      {
        env: fakeEnv(server),
      },
    );
    expect(run.code).toBe(0);
    const events = ndjson(run.stdout) as { type: string; seq?: number }[];
    expect(events[0]?.type).toBe('estimate');
    const types = events.map((event) => event.type);
    expect(types).toContain('run-start');
    expect(types).toContain('turn-delta');
    expect(types).toContain('vote');
    expect(types.at(-1)).toBe('run-end');
    const seqs = events.filter((event) => event.seq !== undefined).map((event) => event.seq!);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('says which format needs a judge', async () => {
    const run = await runCliBin(['debate', 'Q?', '--format', 'adversarial', ...panel, '--yes'], {
      env: fakeEnv(server),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('judge');
  });

  it('rejects an unknown format with the list of formats', async () => {
    const run = await runCliBin(['debate', 'Q?', '--format', 'brawl', ...panel, '--yes'], {
      env: fakeEnv(server),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('roundtable, society, council, moa, adversarial, conversation, vote');
  });

  it('exits 1 when a participant fails, the others carrying on', async () => {
    // Slow answers, so the failure ends first.
    server.enqueue(
      ...Array.from({ length: 4 }, () => ({ text: 'Six times seven.\nFinal answer: 42', tokenDelayMs: 30 })),
    );
    const dir = tempDir();
    const run = await runCliBin(
      ['debate', 'What is 6*7?', '--format', 'vote', ...panel, '--yes', '--out', 'd.json'],
      { env: fakeEnv(server, { TRIALOGUE_BASE_URL_GROQ: `${server.url}/no-such-wire/v1` }), cwd: dir },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\[error\]/);
    expect(run.stdout).toContain('Answer: 42');

    // The failure ended first, yet the replay shows the answers in the panel's order, as they were live.
    const replay = await runCliBin(['replay', 'd.json'], { env: fakeEnv(server), cwd: dir });
    const order = ['openai', 'anthropic', 'groq'].map((p) => replay.stdout.indexOf(`=== ${p}:`));
    expect(order[0]).toBeGreaterThanOrEqual(0);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('on Ctrl-C stops the debate, saves the partial transcript and exits 130', async () => {
    server.enqueue(
      ...Array.from({ length: 6 }, () => ({
        text: 'thinking about it slowly and carefully',
        tokenDelayMs: 20,
        stallAfter: 4,
      })),
    );
    const dir = tempDir();
    const cli = spawnCli(['debate', 'What is 6*7?', ...panel, '--yes', '--out', 'partial.json'], {
      env: fakeEnv(server),
      cwd: dir,
    });
    const started = Date.now();
    while (server.requests.filter((request) => request.route === 'generate').length < 3) {
      if (Date.now() - started > 10_000) throw new Error('the debate did not start');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    cli.child.kill('SIGINT');
    const run = await cli.done;
    expect(run.code).toBe(130);
    const transcript = JSON.parse(readFileSync(join(dir, 'partial.json'), 'utf8'));
    expect(transcript.outcome.stopReason).toBe('aborted');
    expect(transcript.turns.some((turn: { text: string }) => turn.text.startsWith('thinking'))).toBe(true);
    // A stopped turn that reported usage (Anthropic does at its start) is priced like a finished one.
    expect(run.stdout).toMatch(/\(12 in \/ 1 out tokens · <?\$\d/);
    expect(run.stdout).not.toContain('cost unknown');
    expect(run.stdout).toContain('[stopped]\n');

    // Its replay shows the stopped turns the same way, with the recorded cost.
    const replay = await runCliBin(['replay', 'partial.json'], { env: fakeEnv(server), cwd: dir });
    expect(replay.stdout).toMatch(/\(12 in \/ 1 out tokens · <?\$\d/);
    expect(replay.stdout).not.toContain('cost unknown');
    expect(replay.stdout).not.toContain('[stopped] stopped');
    expect(readFileSync(join(dir, 'partial.json'), 'utf8')).not.toContain(CANARY);
  });
});

describe('trialogue replay', () => {
  it('plays a saved debate back with its rounds and outcome', async () => {
    // Round 1 disagrees, so there is a second round.
    server.enqueue(
      ...['41', '42', '43'].map((n) => ({ text: `Hmm.\nFinal answer: ${n}` })),
      ...Array.from({ length: 20 }, () => ({ text: 'Six times seven.\nFinal answer: 42' })),
    );
    const dir = tempDir();
    await runCliBin(
      [
        'debate',
        'What is 6*7?',
        '--format',
        'society',
        '--rounds',
        '2',
        ...panel,
        '--yes',
        '--out',
        'd.json',
      ],
      {
        env: fakeEnv(server),
        cwd: dir,
      },
    );
    const run = await runCliBin(['replay', 'd.json'], { env: fakeEnv(server), cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Debate · society');
    expect(run.stdout).toContain('── Round 2 · ');
    expect(run.stdout).toContain('Final answer: 42');
    expect(run.stdout).toContain('Answer: 42');
  });

  it('replays as NDJSON debate events with --json', async () => {
    answer42();
    const dir = tempDir();
    await runCliBin(['debate', 'Q?', '--format', 'vote', ...panel, '--yes', '--out', 'd.json'], {
      env: fakeEnv(server),
      cwd: dir,
    });
    const run = await runCliBin(['replay', 'd.json', '--json'], { env: fakeEnv(server), cwd: dir });
    const events = ndjson(run.stdout) as { type: string; text?: string }[];
    expect(events[0]?.type).toBe('run-start');
    expect(events.at(-1)?.type).toBe('run-end');
    expect(events.filter((event) => event.type === 'turn-end')).toHaveLength(3);
  });

  it('rejects a file that is not a transcript with exit 2', async () => {
    const run = await runCliBin(['replay', 'package.json'], { env: fakeEnv(server) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a Trialogue transcript');
  });
});

describe('trialogue debate --continue', () => {
  it('asks a follow-up in a saved debate with the same panel and format, the models seeing the earlier outcome', async () => {
    const dir = tempDir();
    answer42();
    await runCliBin(
      ['debate', 'What is 6*7?', '--format', 'vote', ...panel, '--yes', '--out', 'first.json'],
      {
        env: fakeEnv(server),
        cwd: dir,
      },
    );
    server.reset();
    server.enqueue(...Array.from({ length: 10 }, () => ({ text: 'Doubled.\nFinal answer: 84' })));
    const run = await runCliBin(
      ['debate', 'And doubled?', '--continue', 'first.json', '--yes', '--out', 'second.json'],
      {
        env: fakeEnv(server),
        cwd: dir,
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Debate · vote · 3 participants');
    expect(run.stdout).toContain('Answer: 84');
    const prompts = server.requests
      .filter((request) => request.route === 'generate')
      .map((request) => JSON.stringify(request.body));
    expect(prompts).toHaveLength(3);
    for (const prompt of prompts) {
      expect(prompt).toContain('What is 6*7?');
      expect(prompt).toContain('And doubled?');
    }
  });

  it('refuses a chat transcript', async () => {
    const dir = tempDir();
    await runCliBin(['ask', 'Hi', '-m', 'openai:gpt-4.1-mini', '--out', 'ask.json'], {
      env: fakeEnv(server),
      cwd: dir,
    });
    const run = await runCliBin(['debate', 'More?', '--continue', 'ask.json', '--yes'], {
      env: fakeEnv(server),
      cwd: dir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--continue takes a debate');
  });
});
