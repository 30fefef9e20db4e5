import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeEnv, server, useFakeServer } from './support/cli.js';
import { hasTmux, TmuxSession } from './support/tmux.js';

const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
const answer =
  'Blue light is scattered more than red light by the molecules of the air, which is why the sky looks blue.';

let session: TmuxSession | undefined;
useFakeServer();
afterEach(() => {
  session?.kill();
  session = undefined;
});

const panel = ['-m', 'openai:gpt-4.1-mini', '-m', 'anthropic:claude-haiku-4-5'];
const env = () => {
  const vars = fakeEnv(server);
  delete vars.NO_COLOR; // the real look, colours included
  return vars;
};

describe.skipIf(!hasTmux)('the terminal view (tmux)', { timeout: 60_000 }, () => {
  it('shows live side-by-side columns with spinners, then the answers with their stats', async () => {
    server.enqueue({ text: answer, tokenDelayMs: 40 }, { text: answer, tokenDelayMs: 40 });
    session = new TmuxSession(120, 40);
    session.start(['ask', 'Why is the sky blue?', ...panel], env());
    const live = await session.waitFor(
      (s) => SPINNER.test(s) && s.includes('Blue light'),
      'a spinner and streamed text',
    );
    const header = live.split('\n').find((line) => line.includes('openai:gpt-4.1-mini'));
    expect(header).toContain('anthropic:claude-haiku-4-5'); // both on one row: columns
    expect(header).toContain('│');

    const final = await session.waitFor((s) => s.includes('EXIT='), 'the end');
    expect(final).toContain('EXIT=0');
    expect(final).not.toMatch(SPINNER); // spinners stopped
    const rows = final.split('\n');
    const headers = rows.filter((row) => row.includes('openai:gpt-4.1-mini'));
    expect(headers).toHaveLength(1); // redraws left no copies behind
    // ... not even in the scrollback (erasing from the top-left corner would push the screen there in tmux).
    expect(session.historyRows('openai:gpt-4.1-mini')).toHaveLength(1);
    expect(headers[0]).toMatch(/✓ openai:gpt-4\.1-mini\s+│ ✓ anthropic:claude-haiku-4-5/);
    expect(rows.filter((row) => /first token \d+ ms/.test(row)).length).toBeGreaterThanOrEqual(1);
    expect(rows.filter((row) => row.includes('Blue light is scattered')).length).toBe(1);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(120);
  });

  // Narrowing can leave the block's top rows in the scrollback (see the README), so only widening is
  // promised.
  it('leaves no stale frame behind when the terminal gets wider mid-stream', async () => {
    const width = 160;
    server.enqueue({ text: answer, tokenDelayMs: 60 }, { text: answer, tokenDelayMs: 60 });
    session = new TmuxSession(120, 40);
    session.start(['ask', 'Why is the sky blue?', ...panel], env());
    await session.waitFor((s) => SPINNER.test(s) && s.includes('Blue light'), 'streamed text');
    session.resize(width, 40);
    await session.waitFor((s) => s.includes('Blue light is scattered more'), 'more text after the resize');
    const final = await session.waitFor((s) => s.includes('EXIT='), 'the end');
    expect(final).toContain('EXIT=0');
    // One header row for each model in the screen and the scrollback: no leftover live frame.
    expect(session.historyRows('openai:gpt-4.1-mini')).toHaveLength(1);
    expect(session.historyRows('anthropic:claude-haiku-4-5')).toHaveLength(1);
    expect(final).not.toMatch(SPINNER);
  });

  it('stacks the answers on a narrow terminal without garbling', async () => {
    server.enqueue({ text: answer, tokenDelayMs: 30 }, { text: answer, tokenDelayMs: 30 });
    session = new TmuxSession(50, 30);
    session.start(['ask', 'Why is the sky blue?', ...panel], env());
    const final = await session.waitFor((s) => s.includes('EXIT='), 'the end');
    expect(final).toContain('EXIT=0');
    const rows = final.split('\n');
    expect(rows.some((row) => row.includes('│'))).toBe(false); // no columns at 50 wide
    const openai = rows.findIndex((row) => row.includes('✓ openai:gpt-4.1-mini'));
    const anthropic = rows.findIndex((row) => row.includes('✓ anthropic:claude-haiku-4-5'));
    expect(openai).toBeGreaterThanOrEqual(0);
    expect(anthropic).toBeGreaterThan(openai);
    expect(rows.filter((row) => row.includes('openai:gpt-4.1-mini'))).toHaveLength(1);
    // Each answer wrapped within the width, complete.
    const text = (from: number, to: number) =>
      rows
        .slice(from + 2, to)
        .join(' ')
        .replace(/\s+/g, ' ');
    expect(text(openai, anthropic)).toContain(answer);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(50);
  });

  it('stops every stream on Ctrl-C, keeps what arrived and exits 130', async () => {
    server.enqueue(
      { text: answer, tokenDelayMs: 30, stallAfter: 8 },
      { text: answer, tokenDelayMs: 30, stallAfter: 8 },
    );
    session = new TmuxSession(120, 40);
    session.start(['ask', 'Why is the sky blue?', ...panel], env());
    await session.waitFor((s) => (s.match(/Blue light is/g) ?? []).length === 2, 'both streams to start');
    session.sendKeys('C-c');
    const final = await session.waitFor((s) => s.includes('EXIT='), 'the end');
    expect(final).toContain('EXIT=130');
    expect(final).toMatch(/■ openai:gpt-4\.1-mini\s+│ ■ anthropic:claude-haiku-4-5/);
    expect(final).not.toMatch(SPINNER);
    expect(final).toContain('Blue light is');
  });

  it('does not echo keys typed while answers stream, so the view stays intact', async () => {
    server.enqueue({ text: answer, tokenDelayMs: 40 }, { text: answer, tokenDelayMs: 40 });
    session = new TmuxSession(120, 40);
    session.start(['ask', 'Why is the sky blue?', ...panel], env());
    await session.waitFor((s) => s.includes('Blue light'), 'the first tokens');
    session.sendKeys('-l', 'typing-while-it-streams');
    session.sendKeys('Enter', 'Enter');
    const final = await session.waitFor((s) => s.includes('EXIT='), 'the end');
    expect(final).toContain('EXIT=0');
    expect(final).not.toContain('typing-while-it-streams');
    expect(session.historyRows('openai:gpt-4.1-mini')).toHaveLength(1);
  });

  it("shows a failing model's error in its own column while the other answers", async () => {
    session = new TmuxSession(120, 40);
    session.start(
      [
        'ask',
        'Hi',
        '-m',
        'openai:gpt-4.1-mini',
        '-m',
        'groq:llama-3.3-70b-versatile',
        '--base-url',
        `groq=${server.url}/nowhere/v1`,
      ],
      env(),
    );
    const final = await session.waitFor((s) => s.includes('EXIT='), 'the end');
    expect(final).toContain('EXIT=1');
    expect(final).toMatch(/✓ openai:gpt-4\.1-mini\s+│ ✗ groq:llama-3\.3-70b-versatile/);
    expect(final).toContain('Hello from the fake openai server');
  });

  it('fits the key-check table to a narrow terminal, the error wrapped, not cut', async () => {
    session = new TmuxSession(50, 30);
    session.start(['keys', 'check', 'openai', 'groq', '--base-url', `groq=${server.url}/nowhere/v1`], env());
    const final = await session.waitFor((s) => s.includes('EXIT='), 'the end');
    expect(final).toContain('EXIT=1');
    const rows = final.split('\n');
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(50);
    expect(final).not.toContain('…');
    const groq = rows.findIndex((row) => /^groq\s+\S/.test(row));
    expect(groq).toBeGreaterThan(0);
    // The message goes on under its own column (not wrapped by the terminal) until its last words.
    const indent = rows[groq]!.indexOf('groq returned');
    const following = rows.slice(groq + 1).filter((row) => row.trim() && !row.startsWith('EXIT='));
    expect(following.length).toBeGreaterThan(0);
    for (const row of following) expect(row.slice(0, indent).trim()).toBe('');
    const message = [rows[groq]!, ...following].map((row) => row.trim()).join(' ');
    expect(message).toMatch(/groq returned HTTP 404: .* Check the model id and base URL\.$/);
  });

  it('runs an interactive chat: answers, /only, /cost, and leaves on /quit', async () => {
    session = new TmuxSession(120, 40);
    session.start(['chat', ...panel], env());
    await session.waitFor((s) => s.includes('all ›'), 'the prompt');
    session.sendKeys('Hello there', 'Enter');
    await session.waitFor(
      (s) => s.includes('✓ anthropic:claude-haiku-4-5') && s.trimEnd().endsWith('all ›'),
      'the answers',
    );
    session.sendKeys('/only anthropic', 'Enter');
    await session.waitFor((s) => s.includes('anthropic:claude-haiku-4-5 ›'), 'the narrowed prompt');
    session.sendKeys('/cost', 'Enter');
    const cost = await session.waitFor((s) => /^total\s+<?\$/m.test(s), 'the cost table');
    expect(cost).toMatch(/openai:gpt-4\.1-mini\s+12\s+\d+/);
    session.sendKeys('/quit', 'Enter');
    const final = await session.waitFor((s) => s.includes('EXIT='), 'the end');
    expect(final).toContain('EXIT=0');
  });

  it('stops chat answers on /stop + Enter, keeps what arrived; two Ctrl-C at an empty prompt leave, saving --out', async () => {
    server.enqueue(
      { text: answer, tokenDelayMs: 20, stallAfter: 8 },
      { text: answer, tokenDelayMs: 20, stallAfter: 8 },
    );
    session = new TmuxSession(120, 40);
    session.start(['chat', ...panel, '--out', 'chat.json'], env());
    await session.waitFor((s) => s.includes('all ›'), 'the prompt');
    session.sendKeys('Hello there', 'Enter');
    await session.waitFor((s) => (s.match(/Blue light/g) ?? []).length === 2, 'both streams to start');
    session.sendKeys('-l', '/stop');
    session.sendKeys('Enter');
    const stopped = await session.waitFor((s) => s.trimEnd().endsWith('all ›'), 'the prompt again');
    expect(stopped).toMatch(/■ openai:gpt-4\.1-mini\s+│ ■ anthropic:claude-haiku-4-5/);
    expect(stopped).not.toMatch(SPINNER);
    session.sendKeys('C-c');
    await session.waitFor((s) => s.includes('(Ctrl-C again or Ctrl-D to leave)'), 'the hint');
    session.sendKeys('C-c');
    expect(await session.waitFor((s) => s.includes('EXIT='), 'the end')).toContain('EXIT=0');
    const transcript = JSON.parse(readFileSync(join(session.workDir!, 'chat.json'), 'utf8'));
    const answers = transcript.turns.filter((turn: { role: string }) => turn.role === 'assistant');
    expect(answers.map((turn: { error?: { kind: string } }) => turn.error?.kind)).toEqual([
      'aborted',
      'aborted',
    ]);
    expect(answers.every((turn: { text: string }) => turn.text.startsWith('Blue'))).toBe(true);
  });

  it('keeps what is typed while a chat answer streams: an arrow key stops nothing, a line runs next, a half line waits', async () => {
    server.enqueue({ text: answer, tokenDelayMs: 40 }, { text: answer, tokenDelayMs: 40 });
    session = new TmuxSession(120, 40);
    session.start(['chat', ...panel], env());
    await session.waitFor((s) => s.includes('all ›'), 'the prompt');
    session.sendKeys('Hello there', 'Enter');
    await session.waitFor((s) => s.includes('Blue light'), 'the first tokens');
    session.sendKeys('Up');
    session.sendKeys('-l', '/only anthropic');
    session.sendKeys('Enter');
    session.sendKeys('-l', 'half a question');
    const screen = await session.waitFor(
      (s) => s.trimEnd().endsWith('anthropic:claude-haiku-4-5 › half a question'),
      'the typed-ahead line run and the half line waiting',
    );
    expect(screen).toMatch(/✓ openai:gpt-4\.1-mini\s+│ ✓ anthropic:claude-haiku-4-5/);
    expect(screen).toContain('all › /only anthropic');
    session.sendKeys('Enter');
    await session.waitFor((s) => s.trimEnd().endsWith('anthropic:claude-haiku-4-5 ›'), 'the second answer');
    const asked = server.requests.filter((request) => request.route === 'generate');
    expect(asked).toHaveLength(3);
    expect(JSON.stringify(asked[2]!.body)).toContain('half a question');
    session.sendKeys('/quit', 'Enter');
    expect(await session.waitFor((s) => s.includes('EXIT='), 'the end')).toContain('EXIT=0');
  });

  it('asks before a debate on a terminal and runs its rounds live after "y"', async () => {
    server.enqueue(
      ...Array.from({ length: 6 }, () => ({ text: 'Six times seven.\nFinal answer: 42', tokenDelayMs: 10 })),
    );
    session = new TmuxSession(120, 40);
    session.start(['debate', 'What is 6*7?', ...panel], env());
    await session.waitFor((s) => s.includes('Start the debate? [y/N]'), 'the confirmation');
    session.sendKeys('y', 'Enter');
    const final = await session.waitFor((s) => s.includes('EXIT='), 'the end', 20_000);
    expect(final).toContain('EXIT=0');
    expect(final).toContain('Answer: 42');
    expect(final).not.toMatch(SPINNER);
  });

  /** `keys set openai` at its hidden prompt: types `typed`, then presses `last`. */
  async function typeKey(typed: string, last: string) {
    const vars = env();
    session = new TmuxSession(100, 20);
    session.start(['keys', 'set', 'openai'], vars);
    await session.waitFor((s) => s.includes('input hidden'), 'the prompt');
    session.sendKeys('-l', typed);
    session.sendKeys(last);
    const final = await session.waitFor((s) => s.includes('EXIT='), 'the end');
    return { vars, final };
  }

  it('reads a key for `keys set` without echoing it, and stores it', async () => {
    const { vars, final } = await typeKey('sk-typed-0123456789abcdefTYPED', 'Enter');
    expect(final).toContain('EXIT=0');
    expect(final).not.toContain('TYPED');
    expect(final).toContain('Stored the openai key');
    const stored = JSON.parse(readFileSync(join(vars.TRIALOGUE_CONFIG_DIR!, 'config.json'), 'utf8'));
    expect(stored.keys.openai).toBe('sk-typed-0123456789abcdefTYPED');
  });

  it('leaves `keys set` on Ctrl-C with exit 130, storing nothing', async () => {
    const { vars, final } = await typeKey('sk-half-typed', 'C-c');
    expect(final).toContain('EXIT=130');
    expect(final).toContain('nothing stored');
    expect(existsSync(join(vars.TRIALOGUE_CONFIG_DIR!, 'config.json'))).toBe(false);
  });

  it('uses no colour codes with NO_COLOR, and colours without it', async () => {
    session = new TmuxSession(100, 20);
    session.start(['ask', 'Hi', ...panel], { ...env(), NO_COLOR: '1' });
    await session.waitFor((s) => s.includes('EXIT='), 'the end');
    const plain = execFileSync('tmux', ['capture-pane', '-p', '-e', '-t', session.name], {
      encoding: 'utf8',
    });
    expect(plain).not.toMatch(/\u001b\[3\dm/);
    session.kill();
    session = new TmuxSession(100, 20);
    session.start(['ask', 'Hi', ...panel], env());
    await session.waitFor((s) => s.includes('EXIT='), 'the end');
    const coloured = execFileSync('tmux', ['capture-pane', '-p', '-e', '-t', session.name], {
      encoding: 'utf8',
    });
    expect(coloured).toMatch(/\u001b\[3\dm/);
  });

  it('lets the person speak during a conversation debate: typed on the last line, sent with Enter', async () => {
    server.enqueue(...Array.from({ length: 4 }, () => ({ text: answer, tokenDelayMs: 40 })));
    session = new TmuxSession(100, 40);
    session.start(
      [
        'debate',
        'Tabs or spaces?',
        '--format',
        'conversation',
        '--rounds',
        '2',
        ...panel,
        '--yes',
        '--out',
        'conv.json',
      ],
      env(),
    );
    await session.waitFor((s) => s.includes('type to speak'), 'the input line');
    session.sendKeys('-l', 'please be brief');
    await session.waitFor((s) => s.includes('you › please be brief'), 'the typed text');
    session.sendKeys('Enter');
    const final = await session.waitFor((s) => s.includes('EXIT='), 'the end', 25_000);
    expect(final).toContain('EXIT=0');
    expect(final).toContain('you: please be brief');
    const dir = session.workDir!;
    const transcript = JSON.parse(readFileSync(join(dir, 'conv.json'), 'utf8'));
    const interjection = transcript.turns.find((turn: { phase?: string }) => turn.phase === 'interjection');
    expect(interjection?.text).toBe('please be brief');
    const later = transcript.turns.filter(
      (turn: { round?: number; role: string }) =>
        turn.role === 'assistant' && turn.round! >= interjection.round,
    );
    expect(later.length).toBeGreaterThan(0);
  });
});
