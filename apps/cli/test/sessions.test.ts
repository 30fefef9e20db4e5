import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SessionStore, stateDir } from '../src/sessions/store.js';
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

const panel = ['-m', 'openai:gpt-4.1-mini', '-m', 'anthropic:claude-haiku-4-5'];
const SECRET = '0123456789abcdefCANARY';
const sessionsOf = (env: Record<string, string>) => join(env.XDG_STATE_HOME!, 'trialogue', 'sessions');
const generations = () => server.requests.filter((request) => request.route === 'generate');

describe('the state folder', () => {
  it("is the platform's: XDG on Linux, Application Support on macOS, LOCALAPPDATA on Windows", () => {
    expect(stateDir({ HOME: '/home/ana' }, 'linux')).toBe('/home/ana/.local/state/trialogue');
    expect(stateDir({ HOME: '/home/ana', XDG_STATE_HOME: '/x/state' }, 'linux')).toBe('/x/state/trialogue');
    expect(stateDir({ HOME: '/Users/ana' }, 'darwin')).toBe(
      '/Users/ana/Library/Application Support/trialogue',
    );
    expect(stateDir({ LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' }, 'win32')).toContain('trialogue');
    expect(stateDir({ TRIALOGUE_STATE_DIR: '/custom', HOME: '/h' }, 'linux')).toBe('/custom');
  });
});

describe('sessions', () => {
  it('saves ask, chat and debate as they go (0600 files in a 0700 folder), lists them newest first, shows and deletes one', async () => {
    const env = fakeEnv(server);
    const dir = tempDir();
    server.enqueue({ text: `Your key is ${CANARY} indeed` });
    expect(
      (await runCliBin(['ask', 'First question?', '-m', 'openai:gpt-4.1-mini'], { env, cwd: dir })).code,
    ).toBe(0);
    expect((await runCliBin(['chat', ...panel], { env, cwd: dir, stdin: 'Chat question\n' })).code).toBe(0);
    server.enqueue(...Array.from({ length: 6 }, () => ({ text: 'Six times seven.\nFinal answer: 42' })));
    expect((await runCliBin(['debate', 'Debate question?', ...panel, '--yes'], { env, cwd: dir })).code).toBe(
      0,
    );

    const folder = sessionsOf(env);
    const files = readdirSync(folder).filter((name) => name.endsWith('.json'));
    expect(files).toHaveLength(3);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const file of files) {
      expect(statSync(join(folder, file)).mode & 0o777).toBe(0o600);
      const text = readFileSync(join(folder, file), 'utf8');
      expect(text).not.toContain(SECRET);
      expect(JSON.parse(text).format).toBe('trialogue.transcript');
    }

    const list = await runCliBin(['history'], { env, cwd: dir });
    expect(list.code).toBe(0);
    const rows = list.stdout.split('\n').filter((row) => /^\d{8}-\d{6}-/.test(row));
    expect(rows).toHaveLength(3);
    // Newest first, each with its kind, models, cost and question.
    expect(rows[0]).toMatch(
      /roundtable\s+openai:gpt-4\.1-mini, anthropic:claude-haiku-4-5\s+\$\S+\s+Debate question\?/,
    );
    expect(rows[1]).toMatch(/chat\s+.*Chat question/);
    expect(rows[2]).toMatch(/ask\s+openai:gpt-4\.1-mini\s+\S+\s+First question\?/);
    expect(rows[0]).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(list.stdout + list.stderr).not.toContain(SECRET);

    const json = ndjson((await runCliBin(['history', '--json'], { env, cwd: dir })).stdout);
    expect(json.map((line) => line.kind)).toEqual(['roundtable', 'chat', 'ask']);

    const id = String(json[2]!.id);
    // A prefix is enough when it names one session (the others may share the same second and more).
    const others = json.slice(0, 2).map((line) => String(line.id));
    let prefix = id.slice(0, 16);
    while (others.some((other) => other.startsWith(prefix))) prefix = id.slice(0, prefix.length + 1);
    const show = await runCliBin(['history', 'show', prefix], { env, cwd: dir });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('First question?');
    expect(show.stdout).toContain('Your key is');
    expect(show.stdout).not.toContain(SECRET);

    const removed = await runCliBin(['history', 'rm', id], { env, cwd: dir });
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain(`Deleted session ${id}`);
    expect(readdirSync(folder)).toHaveLength(2);
    const missing = await runCliBin(['history', 'show', id], { env, cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`No session "${id}"`);
  });

  it('keeps the turns a debate finished when the process is killed mid-run', async () => {
    const env = fakeEnv(server);
    // Round 1 answers at once; round 2 never finishes.
    server.enqueue(
      { text: 'Final answer: 42' },
      { text: 'Final answer: 42' },
      { text: 'Thinking', stallAfter: 2 },
      { text: 'Thinking', stallAfter: 2 },
    );
    const running = spawnCli(['debate', 'What is 6*7?', ...panel, '--yes'], { env });
    const folder = sessionsOf(env);
    const saved = () => {
      try {
        const [file] = readdirSync(folder).filter((name) => name.endsWith('.json'));
        return file ? JSON.parse(readFileSync(join(folder, file), 'utf8')) : undefined;
      } catch {
        return undefined; // not written yet, or being renamed
      }
    };
    const started = Date.now();
    while (
      saved()?.turns?.filter((turn: { phase?: string; text: string }) => turn.phase === 'answer' && turn.text)
        .length !== 2
    ) {
      if (Date.now() - started > 15_000)
        throw new Error(`no session with round 1: ${running.output().stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    running.child.kill('SIGKILL');
    await running.done;
    const transcript = saved();
    expect(transcript).toMatchObject({ kind: 'debate', mode: 'roundtable', title: 'What is 6*7?' });
    expect(transcript.turns[0]).toMatchObject({ role: 'user', text: 'What is 6*7?' });
    expect(
      transcript.turns.filter((turn: { finishReason?: string }) => turn.finishReason === 'stop'),
    ).toHaveLength(2);
    const list = await runCliBin(['history'], { env });
    expect(list.stdout).toMatch(
      /roundtable\s+openai:gpt-4\.1-mini, anthropic:claude-haiku-4-5\s+.*What is 6\*7\?/,
    );
  });

  it('leaves no trace with --no-save', async () => {
    const env = fakeEnv(server);
    const asked = await runCliBin(['ask', 'Hi', '-m', 'openai:gpt-4.1-mini', '--no-save'], { env });
    expect(asked.stderr).toBe('');
    expect(asked.code).toBe(0);
    expect((await runCliBin(['chat', ...panel, '--no-save'], { env, stdin: 'Hi\n' })).code).toBe(0);
    expect(() => readdirSync(sessionsOf(env))).toThrow();
    const list = await runCliBin(['history'], { env });
    expect(list.stderr).toContain('No saved sessions yet');
  });

  it('says where the session was saved and continues it with --resume, each model with its own history', async () => {
    const env = fakeEnv(server);
    const first = await runCliBin(['chat', ...panel], {
      env,
      stdin: 'My name is Ana\n/only openai\nOnly for you\n',
    });
    expect(first.code).toBe(0);
    const saved = /Session saved: (\S+)/.exec(first.stderr)?.[1];
    const id = /trialogue chat --resume (\S+)/.exec(first.stderr)?.[1];
    expect(saved).toBe(join(sessionsOf(env), `${id}.json`));

    server.reset();
    const resumed = await runCliBin(['chat', '--resume'], { env, stdin: 'What is my name?\n' });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`Resumed session ${id}: 2 earlier messages`);
    const bodies = generations().map((request) => ({
      wire: request.wire,
      messages: JSON.stringify((request.body as { messages: unknown }).messages),
    }));
    expect(bodies).toHaveLength(2);
    const openai = bodies.find((body) => body.wire === 'openai')!.messages;
    const anthropic = bodies.find((body) => body.wire === 'anthropic')!.messages;
    expect(openai).toContain('My name is Ana');
    expect(openai).toContain('Only for you');
    expect(anthropic).toContain('My name is Ana');
    expect(anthropic).not.toContain('Only for you');
    // Still one session: the same file, now with the new exchange.
    expect(readdirSync(sessionsOf(env))).toEqual([`${id}.json`]);
    expect(readFileSync(saved!, 'utf8')).toContain('What is my name?');

    const byId = await runCliBin(['chat', '--resume', id!.slice(0, 15)], { env, stdin: '/quit\n' });
    expect(byId.code).toBe(0);
    const unknown = await runCliBin(['chat', '--resume', '19990101-000000'], { env, stdin: '' });
    expect(unknown.code).toBe(2);
  });

  it('skips files in the folder that are not sessions', async () => {
    const dir = tempDir();
    const store = new SessionStore(dir);
    writeFileSync(join(dir, 'notes.json'), '{}');
    writeFileSync(join(dir, '20261206-074812-a3f9.json'), 'not json');
    expect(await store.list()).toEqual([]);
  });
});

describe('chat commands (piped)', () => {
  it('says an unknown /word is an error, lists the commands, and sends nothing', async () => {
    const run = await runCliBin(['chat', ...panel], {
      env: fakeEnv(server),
      stdin: '/frobnicate now\n/help\n',
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Unknown command /frobnicate. The commands are:');
    for (const name of [
      '/retry [model]',
      '/stop [model]',
      '/only',
      '/all',
      '/add',
      '/drop',
      '/clear',
      '/save',
      '/cost',
    ])
      expect(run.stderr).toContain(name);
    expect(generations()).toHaveLength(0);
  });

  it('/retry asks again only the model that failed, with the same message', async () => {
    // Whichever model asks first fails (a 400 is not retried by the provider layer).
    server.enqueue({
      status: 400,
      body: { error: { message: 'Bad request', type: 'invalid_request_error' } },
    });
    const run = await runCliBin(['chat', ...panel], {
      env: fakeEnv(server),
      stdin: 'Hello\n/retry\n/retry\n',
    });
    const asked = generations();
    expect(asked).toHaveLength(3);
    const failed = asked[0]!.status === 400 ? asked[0]! : asked[1]!;
    expect(failed.status).toBe(400);
    expect(asked[2]!.wire).toBe(failed.wire);
    expect(JSON.stringify(asked[2]!.body)).toContain('Hello');
    expect(run.stderr).toContain('Every model answered the last message');
    // The failure was made good: the chat ends well.
    expect(run.code).toBe(0);
  });

  it('/add brings a model in, /drop lets one go, /clear starts a new thread saved apart', async () => {
    const env = fakeEnv(server);
    const run = await runCliBin(['chat', '-m', 'openai:gpt-4.1-mini'], {
      env,
      stdin: 'One\n/add anthropic:claude-haiku-4-5\nTwo\n/drop openai\nThree\n/clear\nFour\n/models\n',
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Added anthropic:claude-haiku-4-5');
    expect(run.stderr).toContain('Dropped openai:gpt-4.1-mini');
    expect(generations().map((request) => request.wire)).toEqual([
      'openai',
      expect.any(String),
      expect.any(String),
      'anthropic',
      'anthropic',
    ]);
    // After /clear the model sees only the new thread.
    const last = JSON.stringify((generations().at(-1)!.body as { messages: unknown }).messages);
    expect(last).toContain('Four');
    expect(last).not.toContain('Three');
    expect(readdirSync(sessionsOf(env))).toHaveLength(2);
  });
});

describe('checks before any call', () => {
  it('catches --markdown under a regular file (exit 2, nothing sent)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'afile'), 'I am a file');
    const run = await runCliBin(['ask', 'Hi', '-m', 'openai:gpt-4.1-mini', '--markdown', 'afile/x.md'], {
      env: fakeEnv(server),
      cwd: dir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Cannot write afile/x.md');
    expect(run.stderr).toContain('is a file, not a folder');
    expect(generations()).toHaveLength(0);
  });

  it('names the flag, not the library option: adversarial without a judge asks for --judge', async () => {
    const run = await runCliBin(['debate', 'Q?', '--format', 'adversarial', ...panel, '--yes'], {
      env: fakeEnv(server),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--judge');
    expect(run.stderr).not.toContain('options.judge');
    expect(generations()).toHaveLength(0);
  });
});
