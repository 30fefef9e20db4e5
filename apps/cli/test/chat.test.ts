import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeEnv, ndjson, runCliBin, server, tempDir, useFakeServer } from './support/cli.js';

useFakeServer();

const panel = ['-m', 'openai:gpt-4.1-mini', '-m', 'anthropic:claude-haiku-4-5'];
type Body = { messages: { role: string; content: unknown }[] };
const bodiesOf = (wire: string) =>
  server.requests
    .filter((request) => request.route === 'generate' && request.wire === wire)
    .map((request) => request.body as Body);

describe('trialogue chat (piped)', () => {
  it('keeps a history per model: after /only, the other model does not see the exchange', async () => {
    const dir = tempDir();
    const run = await runCliBin(['chat', ...panel, '--out', 'chat.json'], {
      env: fakeEnv(server),
      cwd: dir,
      stdin: 'First question\n/only openai\nSecond question\n/all\nThird question\n/cost\n/save chat.md\n',
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Following up with openai:gpt-4.1-mini only');
    expect(run.stderr).toMatch(/MODEL\s+IN\s+OUT\s+COST/);

    const openai = bodiesOf('openai');
    const anthropic = bodiesOf('anthropic');
    expect(openai).toHaveLength(3);
    expect(anthropic).toHaveLength(2);
    // OpenAI saw all three questions with its own answers in between.
    expect(openai[2]!.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
      'First question',
      'Second question',
      'Third question',
    ]);
    expect(openai[2]!.messages.filter((m) => m.role === 'assistant')).toHaveLength(2);
    // Anthropic never saw the second question.
    const anthropicUser = JSON.stringify(anthropic[1]!.messages);
    expect(anthropicUser).toContain('First question');
    expect(anthropicUser).not.toContain('Second question');
    expect(anthropicUser).toContain('Third question');

    const transcript = JSON.parse(readFileSync(join(dir, 'chat.json'), 'utf8'));
    expect(transcript.kind).toBe('chat');
    expect(transcript.turns.filter((turn: { role: string }) => turn.role === 'assistant')).toHaveLength(5);
    expect(readFileSync(join(dir, 'chat.md'), 'utf8')).toContain('Second question');

    const replay = await runCliBin(['replay', 'chat.json'], { env: fakeEnv(server), cwd: dir });
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/^Chat · 2 models$/m);
    expect(replay.stdout).not.toContain('Chat · chat');
    // A chat has no answer to decide: it ends, with no "Answer: none".
    expect(replay.stdout).not.toContain('Answer:');
    expect(replay.stdout).toMatch(/── End ── 5 calls/);
    expect(readFileSync(join(dir, 'chat.md'), 'utf8')).not.toMatch(/Chat · chat|\(openai:gpt-4\.1-mini\)/);
    expect(replay.stdout).toContain('Third question');
  });

  it('prints every answer under a header, even for one model', async () => {
    const run = await runCliBin(['chat', '-m', 'openai:gpt-4.1-mini'], {
      env: fakeEnv(server),
      stdin: 'Hi\n',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('=== openai:gpt-4.1-mini ===\nHello from the fake openai server.');
  });

  it('writes fan-out events as NDJSON with --json', async () => {
    const run = await runCliBin(['chat', ...panel, '--json'], { env: fakeEnv(server), stdin: 'Hi\n/cost\n' });
    expect(run.code).toBe(0);
    const lines = ndjson(run.stdout) as { key?: string; type?: string; event?: { type: string } }[];
    expect(
      lines
        .filter((line) => line.event?.type === 'finish')
        .map((line) => line.key)
        .sort(),
    ).toEqual(['anthropic:claude-haiku-4-5', 'openai:gpt-4.1-mini']);
    expect(lines.at(-1)?.type).toBe('cost');
  });

  it('says which models match when /only is ambiguous or unknown', async () => {
    const run = await runCliBin(['chat', ...panel], {
      env: fakeEnv(server),
      stdin: '/only gpt-5\n/only :\n/quit\n',
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('No model matches "gpt-5"');
    expect(run.stderr).toContain('matches openai:gpt-4.1-mini, anthropic:claude-haiku-4-5');
    expect(server.requests.filter((request) => request.route === 'generate')).toHaveLength(0);
  });
});
