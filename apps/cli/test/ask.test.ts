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

describe('trialogue ask (not a terminal)', () => {
  it('prints each answer as a block with tokens, cost and time to first token', async () => {
    server.enqueue({ text: 'Paris is the capital.' }, { text: 'It is Paris.' });
    const run = await runCliBin(
      ['ask', 'Capital of France?', '-m', 'openai:gpt-4.1-mini', '-m', 'anthropic:claude-haiku-4-5'],
      { env: fakeEnv(server) },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('=== openai:gpt-4.1-mini ===');
    expect(run.stdout).toContain('=== anthropic:claude-haiku-4-5 ===');
    // Blocks come in the order the models were given, whichever finished first.
    expect(run.stdout.indexOf('openai:gpt-4.1-mini')).toBeLessThan(
      run.stdout.indexOf('anthropic:claude-haiku-4-5'),
    );
    const answers = [run.stdout.includes('Paris is the capital.'), run.stdout.includes('It is Paris.')];
    expect(answers).toEqual([true, true]);
    expect(run.stdout).toMatch(/\d+ in \/ \d+ out tokens · (\$|<\$)[\d.]+ · first token \d+ ms/);
    const generations = server.requests.filter((request) => request.route === 'generate');
    expect(generations.map((request) => request.wire).sort()).toEqual(['anthropic', 'openai']);
  });

  it('prints only the answer text for a single model, and reads the question from stdin', async () => {
    server.enqueue({ text: 'Four.' });
    const run = await runCliBin(['ask', '-m', 'openai:gpt-4.1-mini'], {
      env: fakeEnv(server),
      stdin: 'What is 2+2?\n',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Four.\n');
    const body = server.requests.find((request) => request.route === 'generate')?.body as {
      messages: { content: string }[];
    };
    expect(body.messages.at(-1)?.content).toBe('What is 2+2?');
  });

  it('keeps going when one model fails, shows its error and exits 1', async () => {
    const run = await runCliBin(
      ['ask', 'Hi', '-m', 'groq:llama-3.3-70b-versatile', '-m', 'anthropic:claude-haiku-4-5'],
      { env: fakeEnv(server, { TRIALOGUE_BASE_URL_GROQ: `${server.url}/no-such-wire/v1` }) },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/=== groq:llama-3\.3-70b-versatile ===\n\[error\] .+/);
    expect(run.stdout).toContain('Hello from the fake anthropic server');
  });

  it('keeps the partial answer of a model whose stream breaks after some tokens, in the output and --out', async () => {
    server.enqueue({ text: 'The first words arrived before the stream broke', errorEventAfter: 4 });
    const dir = tempDir();
    const run = await runCliBin(
      ['ask', 'Hi', '-m', 'openai:gpt-4.1-mini', '-m', 'anthropic:claude-haiku-4-5', '--out', 't.json'],
      {
        env: fakeEnv(server),
        cwd: dir,
      },
    );
    expect(run.code).toBe(1);
    const failed = /=== (\S+) ===\n(The first words[^\n]*)\n\[error\] (.+)/.exec(run.stdout);
    expect(failed, run.stdout).not.toBeNull();
    const transcript = JSON.parse(readFileSync(join(dir, 't.json'), 'utf8'));
    const turn = transcript.turns.find((t: { participantId: string }) => t.participantId === failed![1]);
    expect(turn.text).toBe(failed![2]);
    expect(turn.error.phase).toBe('stream');
  });

  it('strips terminal escape sequences from model output', async () => {
    server.enqueue({ text: 'clean \u001b[2J\u001b]0;pwned\u0007answer' });
    const run = await runCliBin(['ask', 'Hi', '-m', 'openai:gpt-4.1-mini'], { env: fakeEnv(server) });
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).toContain('clean');
    expect(run.stdout).toContain('answer');
    expect(run.stdout).not.toContain('pwned');
  });

  it('writes NDJSON events with --json, every line parseable, one terminal event per model', async () => {
    const run = await runCliBin(
      ['ask', 'Hi', '-m', 'openai:gpt-4.1-mini', '-m', 'anthropic:claude-haiku-4-5', '--json'],
      {
        env: fakeEnv(server),
      },
    );
    expect(run.code).toBe(0);
    const lines = ndjson(run.stdout) as { key: string; event: { type: string; text?: string } }[];
    const terminals = lines.filter((line) => line.event.type === 'finish' || line.event.type === 'error');
    expect(terminals.map((line) => line.key).sort()).toEqual([
      'anthropic:claude-haiku-4-5',
      'openai:gpt-4.1-mini',
    ]);
    const deltas = lines.filter(
      (line) => line.key === 'openai:gpt-4.1-mini' && line.event.type === 'text-delta',
    );
    expect(deltas.map((line) => line.event.text).join('')).toBe(
      terminals.find((line) => line.key === 'openai:gpt-4.1-mini')?.event.text,
    );
  });

  it('saves the transcript as JSON and Markdown', async () => {
    const dir = tempDir();
    const run = await runCliBin(
      ['ask', 'Hi', '-m', 'openai:gpt-4.1-mini', '--out', 'ask.json', '--markdown', 'ask.md'],
      { env: fakeEnv(server), cwd: dir },
    );
    expect(run.code).toBe(0);
    const transcript = JSON.parse(readFileSync(join(dir, 'ask.json'), 'utf8'));
    expect(transcript.format).toBe('trialogue.transcript');
    expect(transcript.participants).toEqual([
      { id: 'openai:gpt-4.1-mini', provider: 'openai', modelId: 'gpt-4.1-mini' },
    ]);
    expect(transcript.turns.map((turn: { role: string }) => turn.role)).toEqual(['user', 'assistant']);
    expect(readFileSync(join(dir, 'ask.md'), 'utf8')).toContain('Hello from the fake openai server');
  });
});

describe('usage errors', () => {
  it('exits 2 on an unknown option and suggests the right one', async () => {
    const run = await runCliBin(['ask', 'Hi', '--modle', 'openai:x'], { env: fakeEnv(server) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown option --modle. Did you mean --model?');
  });

  it('exits 2 on a malformed model reference before any request', async () => {
    const run = await runCliBin(['ask', 'Hi', '-m', 'gpt-4.1-mini'], { env: fakeEnv(server) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('provider:model');
    expect(server.requests).toHaveLength(0);
  });

  it('exits 2 before any request when --out, --markdown or a report cannot be written', async () => {
    const dir = tempDir();
    const cases = [
      ['ask', 'Hi', '-m', 'openai:gpt-4.1-mini', '--out', 'missing/t.json'],
      ['ask', 'Hi', '-m', 'openai:gpt-4.1-mini', '--markdown', '.'],
      ['debate', 'Hi', '-m', 'openai:gpt-4.1-mini', '--format', 'vote', '--yes', '--out', 'missing/d.json'],
      ['chat', '-m', 'openai:gpt-4.1-mini', '--out', 'missing/c.json'],
      ['eval', '--format', 'vote', '-m', 'openai:gpt-4.1-mini', '--yes', '--out', 'missing/r.json'],
    ];
    for (const args of cases) {
      const run = await runCliBin(args, { env: fakeEnv(server), cwd: dir, stdin: 'Hi\n' });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(
        /Cannot write (\S*missing\/\w+\.json: the folder .* does not exist|\.: it is a folder)/,
      );
    }
    expect(server.requests).toHaveLength(0);
  });

  it('says exactly how to add a key when a provider has none', async () => {
    const run = await runCliBin(['ask', 'Hi', '-m', 'google:gemini-2.5-flash'], { env: fakeEnv(server) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Set GEMINI_API_KEY');
    expect(run.stderr).toContain('trialogue keys set google');
  });

  it('with no key at all and no Ollama, explains how to add a key', async () => {
    const env = fakeEnv(server);
    for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GROQ_API_KEY']) delete env[name];
    const run = await runCliBin(['ask', 'Hi'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No API key found and no local Ollama answered');
    expect(run.stderr).toContain('export OPENAI_API_KEY=');
  });

  it('with no key at all, uses a local Ollama when one answers', async () => {
    const env = fakeEnv(server, { TRIALOGUE_OLLAMA_URL: `${server.url}/ollama` });
    for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GROQ_API_KEY']) delete env[name];
    const run = await runCliBin(['ask', 'Hi'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Hello from the fake');
    expect(server.requests.some((request) => request.wire === 'ollama' && request.route === 'generate')).toBe(
      true,
    );
  });

  it('prints help with examples and the exit codes', async () => {
    const run = await runCliBin(['ask', '--help'], { env: fakeEnv(server) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: trialogue ask');
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('130 interrupted');
  });
});

describe('Ctrl-C', () => {
  it('stops every stream, prints what arrived, saves a partial transcript and exits 130', async () => {
    const dir = tempDir();
    server.enqueue(
      { text: 'alpha beta gamma delta epsilon zeta eta theta', tokenDelayMs: 20, stallAfter: 6 },
      { text: 'one two three four five six seven eight', tokenDelayMs: 20, stallAfter: 6 },
    );
    const cli = spawnCli(
      [
        'ask',
        'Count',
        '-m',
        'openai:gpt-4.1-mini',
        '-m',
        'anthropic:claude-haiku-4-5',
        '--out',
        'partial.json',
      ],
      {
        env: fakeEnv(server),
        cwd: dir,
      },
    );
    // Wait until both streams are open and stalled, then interrupt.
    await waitFor(() => server.requests.filter((request) => request.route === 'generate').length === 2);
    await new Promise((resolve) => setTimeout(resolve, 600));
    cli.child.kill('SIGINT');
    const run = await cli.done;
    expect(run.code).toBe(130);
    expect(run.stdout).toContain('[stopped]');
    const transcript = JSON.parse(readFileSync(join(dir, 'partial.json'), 'utf8'));
    expect(transcript.outcome.stopReason).toBe('aborted');
    const answers = transcript.turns.filter((turn: { role: string }) => turn.role === 'assistant');
    expect(answers).toHaveLength(2);
    for (const turn of answers) {
      expect(turn.error.kind).toBe('aborted');
      expect(turn.text.length).toBeGreaterThan(0);
    }
    expect(JSON.stringify(transcript)).not.toContain(CANARY);
  });
});

describe('SIGTERM', () => {
  it('stops the streams like Ctrl-C, prints what arrived, and exits 143', async () => {
    server.enqueue({ text: 'alpha beta gamma delta epsilon zeta', tokenDelayMs: 20, stallAfter: 4 });
    const cli = spawnCli(['ask', 'Count', '-m', 'openai:gpt-4.1-mini'], { env: fakeEnv(server) });
    await waitFor(() => server.requests.filter((request) => request.route === 'generate').length === 1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    cli.child.kill('SIGTERM');
    const run = await cli.done;
    expect(run.code).toBe(143);
    expect(run.stdout).toContain('alpha');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
