import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeEnv, server, tempDir, useFakeServer } from './support/cli.js';
import { hasTmux, TmuxSession } from './support/tmux.js';

// Every canary key ends with this: it must never reach a saved session or the history listing.
const SECRET = '0123456789abcdefCANARY';
const MARKDOWN =
  'Here is the **plan**:\n\n| Part | Owner |\n| --- | --- |\n| API | ana |\n\n```ts\nconst x = 1;\n```\n\nSee [the docs](https://example.com/docs).';

let session: TmuxSession | undefined;
useFakeServer();
afterEach(() => {
  session?.kill();
  session = undefined;
});

const panel = ['-m', 'openai:gpt-4.1-mini', '-m', 'anthropic:claude-haiku-4-5'];
const generations = () => server.requests.filter((request) => request.route === 'generate');
const sessionsIn = (env: Record<string, string>) => join(env.XDG_STATE_HOME!, 'trialogue', 'sessions');
/** The session files (not a save's temporary file, which may be there for a moment). */
const sessionFiles = (env: Record<string, string>) =>
  readdirSync(sessionsIn(env)).filter((name) => name.endsWith('.json'));
const lastRow = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';

for (const width of [120, 50]) {
  describe.skipIf(!hasTmux)(
    `sessions and rendered answers in a terminal ${width} columns wide (tmux)`,
    { timeout: 90_000 },
    () => {
      const start = (args: string[], env = fakeEnv(server)) => {
        session = new TmuxSession(width, 40);
        session.start(args, env);
        return env;
      };

      it('clears a half-typed line on Ctrl-C and keeps the session; Ctrl-D leaves, saying where it was saved', async () => {
        const env = start(['chat', ...panel]);
        const tmux = session!;
        await tmux.waitFor((s) => lastRow(s) === 'all ›', 'the prompt');
        tmux.sendKeys('-l', 'half a thought');
        await tmux.waitFor((s) => s.includes('half a thought'), 'the typed text');
        tmux.sendKeys('C-c');
        const cleared = await tmux.waitFor((s) => lastRow(s) === 'all ›', 'a fresh prompt');
        expect(cleared).toContain('all › half a thought^C');
        expect(cleared).not.toContain('EXIT=');
        // The session goes on: the next line is a message like any other.
        tmux.sendKeys('-l', 'Hello there');
        tmux.sendKeys('Enter');
        await tmux.waitFor(
          (s) => s.includes('Hello from the fake anthropic server.') && lastRow(s) === 'all ›',
          'the answers',
        );
        expect(JSON.stringify(generations()[0]!.body)).not.toContain('half a thought');
        tmux.sendKeys('C-d');
        const final = await tmux.waitFor((s) => s.includes('EXIT='), 'the end');
        expect(final).toContain('EXIT=0');
        const [file] = sessionFiles(env);
        const path = join(sessionsIn(env), file!);
        expect(tmux.joined()).toContain(`Session saved: ${path}`);
        expect(tmux.joined()).toContain(`trialogue chat --resume ${file!.replace(/\.json$/, '')}`);
        const saved = readFileSync(path, 'utf8');
        expect(saved).toContain('Hello there');
        expect(saved).not.toContain(SECRET);
      });

      it('retries only the model that failed with /retry', async () => {
        server.enqueue({
          status: 400,
          body: { error: { message: 'Bad request', type: 'invalid_request_error' } },
        });
        start(['chat', ...panel]);
        const tmux = session!;
        await tmux.waitFor((s) => lastRow(s) === 'all ›', 'the prompt');
        tmux.sendKeys('-l', 'Hello there');
        tmux.sendKeys('Enter');
        const failed = await tmux.waitFor(
          (s) => s.includes('✗') && lastRow(s) === 'all ›',
          'one failed answer',
        );
        const model = /✗ (openai:gpt-4\.1-mini|anthropic:claude-haiku-4-5)/.exec(failed)?.[1];
        expect(model).toBeDefined();
        tmux.sendKeys('-l', '/retry');
        tmux.sendKeys('Enter');
        const retried = await tmux.waitFor(
          (s) => s.includes(`Asking ${model} again.`) && s.includes(`✓ ${model}`) && lastRow(s) === 'all ›',
          'the retried answer',
        );
        expect(retried).toContain(`✓ ${model}`);
        const asked = generations();
        expect(asked).toHaveLength(3);
        expect(asked[2]!.wire).toBe(model!.startsWith('openai') ? 'openai' : 'anthropic');
        tmux.sendKeys('C-d');
        expect(await tmux.waitFor((s) => s.includes('EXIT='), 'the end')).toContain('EXIT=0');
      });

      it('stops one answer with /stop <model> while the other goes on', async () => {
        const long =
          'Blue light is scattered more than red light by the molecules of the air, which is why the sky looks blue at noon.';
        server.enqueue({ text: long, tokenDelayMs: 60 }, { text: long, tokenDelayMs: 60 });
        start(['chat', ...panel]);
        const tmux = session!;
        await tmux.waitFor((s) => lastRow(s) === 'all ›', 'the prompt');
        tmux.sendKeys('-l', 'Why is the sky blue?');
        tmux.sendKeys('Enter');
        await tmux.waitFor((s) => (s.match(/Blue light/g) ?? []).length === 2, 'both answers streaming');
        tmux.sendKeys('-l', '/stop openai');
        tmux.sendKeys('Enter');
        const done = await tmux.waitFor((s) => lastRow(s) === 'all ›', 'the prompt again');
        expect(done).toContain('■ openai:gpt-4.1-mini');
        expect(done).toContain('✓ anthropic:claude-haiku-4-5');
        expect(done).toContain('noon.'); // the other answer whole
        tmux.sendKeys('C-d');
        expect(await tmux.waitFor((s) => s.includes('EXIT='), 'the end')).toContain('EXIT=0');
      });

      it('continues a chat with --resume: its models, its history, the arrow keys recall its lines', async () => {
        const env = start(['chat', ...panel]);
        let tmux = session!;
        await tmux.waitFor((s) => lastRow(s) === 'all ›', 'the prompt');
        tmux.sendKeys('-l', 'My name is Ana');
        tmux.sendKeys('Enter');
        await tmux.waitFor((s) => s.includes('✓ anthropic') && lastRow(s) === 'all ›', 'the answers');
        tmux.sendKeys('C-d');
        await tmux.waitFor((s) => s.includes('EXIT='), 'the end');
        tmux.kill();
        server.reset();

        start(['chat', '--resume'], env);
        tmux = session!;
        const resumed = await tmux.waitFor((s) => lastRow(s) === 'all ›', 'the resumed prompt');
        expect(resumed.replace(/\n/g, ' ')).toMatch(
          /Resumed session \d{8}-\d{6}-[0-9a-f]{4}: 1 earlier message/,
        );
        tmux.sendKeys('Up');
        await tmux.waitFor((s) => lastRow(s) === 'all › My name is Ana', 'the earlier line recalled');
        tmux.sendKeys('C-u');
        tmux.sendKeys('-l', 'What is my name?');
        tmux.sendKeys('Enter');
        await tmux.waitFor((s) => s.includes('✓ anthropic') && lastRow(s) === 'all ›', 'the answers');
        for (const request of generations()) expect(JSON.stringify(request.body)).toContain('My name is Ana');
        expect(sessionFiles(env)).toHaveLength(1);
        tmux.sendKeys('C-d');
        await tmux.waitFor((s) => s.includes('EXIT='), 'the end');

        // The listing names the session, never the key.
        tmux.kill();
        start(['history'], env);
        const listing = await session!.waitFor((s) => s.includes('EXIT='), 'the listing');
        expect(session!.joined()).toContain('My name is Ana');
        expect(listing).not.toContain(SECRET);
      });

      it('renders a final answer as Markdown (a table, a code block, a link with its URL), and as written with --raw', async () => {
        server.enqueue({ text: MARKDOWN });
        start(['ask', 'Plan?', '-m', 'openai:gpt-4.1-mini']);
        const rendered = await session!.waitFor((s) => s.includes('EXIT='), 'the end');
        expect(rendered).toContain('EXIT=0');
        expect(rendered).toMatch(/│ API\s+│ ana\s+│/);
        expect(rendered).toMatch(/┌─+┬─+┐/);
        expect(rendered).toMatch(/┌ ts\n\s+│ const x = 1;/);
        expect(rendered).toContain('Here is the plan:');
        expect(session!.joined()).toContain('the docs (https://example.com/docs)');
        expect(rendered).not.toContain('```');
        expect(rendered).not.toContain('**');
        for (const row of rendered.split('\n')) expect(row.length).toBeLessThanOrEqual(width);
        session!.kill();

        server.enqueue({ text: MARKDOWN });
        start(['ask', 'Plan?', '-m', 'openai:gpt-4.1-mini', '--raw']);
        const raw = await session!.waitFor((s) => s.includes('EXIT='), 'the end');
        expect(raw).toContain('```ts');
        expect(raw).toContain('| Part | Owner |');
        expect(raw).toContain('Here is the **plan**:');
      });

      it("renders eval's report on a terminal: headings without #, tables drawn, every row within the width", async () => {
        server.enqueue(...Array.from({ length: 40 }, () => ({ text: 'Worked it out.\nFinal answer: 42' })));
        const env = fakeEnv(server);
        const dir = tempDir();
        writeFileSync(
          join(dir, 'tasks.jsonl'),
          `${JSON.stringify({ id: 'a', question: 'What is 6*7?', answer: 42 })}\n`,
        );
        session = new TmuxSession(width, 40);
        session.start(
          [
            'eval',
            '--task',
            join(dir, 'tasks.jsonl'),
            '--format',
            'vote',
            ...panel,
            '--yes',
            '--out',
            join(dir, 'r.json'),
          ],
          env,
        );
        const shown = await session.waitFor((s) => s.includes('EXIT='), 'the report');
        expect(shown).toContain('EXIT=0');
        expect(session.joined()).toMatch(/^Evaluation: vote vs compute-matched vote/m);
        expect(shown).not.toContain('## ');
        expect(shown).not.toContain('| --- |');
        expect(shown).toMatch(width >= 100 ? /│ vote\s+│ 100\.0% \(1\/1\)/ : /^vote\n|│ vote/m);
        for (const row of shown.split('\n')) expect(row.length).toBeLessThanOrEqual(width);
      });

      it('ends run with a results table, and replays one question with replay --item', async () => {
        const env = fakeEnv(server);
        server.enqueue(...Array.from({ length: 2 }, () => ({ text: 'Final answer: 42' })));
        const dir = tempDir();
        writeFileSync(
          join(dir, 'spec.json'),
          JSON.stringify({
            participants: ['openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5'],
            format: 'vote',
            questions: [{ id: 'six', question: 'What is 6*7?', answer: 42 }],
            out: join(dir, 'out.jsonl'),
          }),
        );
        session = new TmuxSession(width, 40);
        session.start(['run', join(dir, 'spec.json')], env);
        const ran = await session.waitFor((s) => s.includes('EXIT='), 'the end of the batch');
        expect(ran).toContain('EXIT=0');
        if (width >= 100) expect(ran).toMatch(/^six\s+What is 6\*7\?\s+42\s+42\s+42\s+yes/m);
        else expect(ran).toMatch(/^six\n\s+QUESTION What is 6\*7\?/m);
        session.kill();

        session = new TmuxSession(width, 40);
        session.start(['replay', join(dir, 'out.jsonl'), '--item', 'six', '--instant'], env);
        const replayed = await session.waitFor((s) => s.includes('EXIT='), 'the replay');
        expect(replayed).toContain('EXIT=0');
        expect(replayed).toContain('Question: What is 6*7?');
        expect(replayed).toContain('Vote round 1: 42 (2) → winner 42');
        expect(replayed).toContain('Answer: 42');
      });
    },
  );
}
