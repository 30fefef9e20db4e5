import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANARY, fakeEnv, filesUnder, runCliBin, server, tempDir, useFakeServer } from './support/cli.js';

// Every canary key (openai, anthropic, groq) ends with this.
const SECRET = '0123456789abcdefCANARY';

useFakeServer({ validKeys: [CANARY, 'gsk_canary0123456789abcdefCANARY'] });

const panel = ['-m', 'openai:gpt-4.1-mini', '-m', 'anthropic:claude-haiku-4-5'];

describe('the key canary', () => {
  it('never appears in stdout, stderr or written files, whatever the command, flag or failure', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'spec.json'),
      JSON.stringify({
        participants: ['openai:gpt-4.1-mini'],
        format: 'vote',
        questions: ['Q?'],
        out: 'batch.jsonl',
      }),
    );
    writeFileSync(join(dir, 'tasks.jsonl'), `${JSON.stringify({ question: '6*7?', answer: 42 })}\n`);
    const env = fakeEnv(server);
    const runs: { args: string[]; stdin?: string; script?: () => void }[] = [
      { args: ['ask', 'Hi', ...panel, '--verbose', '--out', 'ask.json', '--markdown', 'ask.md'] },
      { args: ['ask', 'Hi', ...panel, '--json', '--verbose'] },
      // A model that repeats the key, and a provider error body that quotes it.
      {
        args: ['ask', 'Echo', '-m', 'openai:gpt-4.1-mini', '--out', 'echo.json'],
        script: () => server.enqueue({ text: `Your key is ${CANARY} indeed` }),
      },
      {
        args: ['ask', 'Fail', '-m', 'openai:gpt-4.1-mini', '--verbose', '--json'],
        script: () =>
          server.enqueue({
            status: 400,
            body: { error: { message: `Bad request for key ${CANARY}`, type: 'invalid_request_error' } },
          }),
      },
      { args: ['ask', `my key is ${CANARY}`, '-m', 'openai:gpt-4.1-mini', '--out', 'question.json'] },
      { args: ['chat', ...panel, '--out', 'chat.json', '--verbose'], stdin: 'Hello\n/cost\n/save chat.md\n' },
      {
        args: [
          'debate',
          'Q?',
          ...panel,
          '--yes',
          '--verbose',
          '--out',
          'debate.json',
          '--markdown',
          'debate.md',
        ],
      },
      { args: ['debate', 'Q?', '--format', 'vote', ...panel, '--yes', '--json'] },
      { args: ['replay', 'debate.json', '--json'] },
      { args: ['run', 'spec.json', '--verbose'] },
      { args: ['eval', '--task', 'tasks.jsonl', '--format', 'vote', ...panel, '--yes', '--verbose'] },
      { args: ['models', '--verbose'] },
      { args: ['models', '--json'] },
      { args: ['keys', '--json'] },
      { args: ['keys', 'check', '--verbose'] },
      { args: ['keys', 'check', '--json'] },
      // Failures: a rejected key, a bad model reference, an unknown command holding a key.
      { args: ['ask', 'Hi', '-m', 'anthropic:claude-haiku-4-5', '--verbose'] },
      { args: ['ask', 'Hi', '-m', CANARY] },
      { args: [`${CANARY}`] },
      { args: ['keys', 'set', 'openai', '--verbose'], stdin: `${CANARY}\n` },
      // The saved sessions, listed and shown.
      { args: ['history'] },
      { args: ['history', '--json'] },
      { args: ['history', 'show', '2'] },
    ];
    for (const { args, stdin, script } of runs) {
      script?.();
      const run = await runCliBin(args, { env, cwd: dir, stdin });
      expect(run.stdout, `stdout of trialogue ${args.join(' ')}`).not.toContain(SECRET);
      expect(run.stderr, `stderr of trialogue ${args.join(' ')}`).not.toContain(SECRET);
      expect(run.code, `exit code of trialogue ${args.join(' ')}`).not.toBeNull();
    }
    const written = filesUnder(dir);
    expect(written.map((file) => file.path.slice(dir.length + 1)).sort()).toEqual(
      expect.arrayContaining([
        'ask.json',
        'ask.md',
        'batch.jsonl',
        'chat.json',
        'chat.md',
        'debate.json',
        'debate.md',
        'echo.json',
        'eval-report.json',
      ]),
    );
    for (const file of written) expect(file.text, file.path).not.toContain(SECRET);
    // The model's echo was masked, not dropped.
    expect(written.find((file) => file.path.endsWith('echo.json'))?.text).toContain('[redacted]');
    // Every session the commands saved on their own (ask, chat, debate, the echo among them).
    const sessions = filesUnder(env.XDG_STATE_HOME!);
    expect(sessions.length).toBeGreaterThanOrEqual(8);
    for (const file of sessions) expect(file.text, file.path).not.toContain(SECRET);
    expect(sessions.some((file) => file.text.includes('Your key is [redacted] indeed'))).toBe(true);
  }, 120_000);
});
