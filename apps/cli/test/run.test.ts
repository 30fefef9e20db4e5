import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
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

/** A batch directory with a spec (one participant voting once: one model call per question). */
function batch(spec: Record<string, unknown>, questions: unknown[]): string {
  const dir = tempDir('trialogue-batch-');
  writeFileSync(join(dir, 'questions.jsonl'), `${questions.map((q) => JSON.stringify(q)).join('\n')}\n`);
  writeFileSync(
    join(dir, 'spec.json'),
    JSON.stringify({
      participants: ['openai:gpt-4.1-mini'],
      format: 'vote',
      questions: 'questions.jsonl',
      out: 'out.jsonl',
      ...spec,
    }),
  );
  return dir;
}

const lines = (dir: string) =>
  readFileSync(join(dir, 'out.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(
      (line) =>
        JSON.parse(line) as { meta: { questionId: string; status: string }; outcome: { answer?: string } },
    );
const generations = () => server.requests.filter((request) => request.route === 'generate').length;

/** When (Date.now()) the fake server had received 1, 2, ... `count` generations, polled until `done` settles. */
async function arrivalTimes(done: Promise<unknown>, count: number): Promise<number[]> {
  const times: number[] = [];
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  while (times.length < count && !finished) {
    while (times.length < Math.min(count, generations())) times.push(Date.now());
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return times;
}

describe('trialogue run', () => {
  it('debates every question and writes one transcript per line, tagged with its question id', async () => {
    server.enqueue(...[2, 4, 6].map((n) => ({ text: `Easy.\nFinal answer: ${n}` })));
    const dir = batch({ concurrency: 1 }, [
      'What is 1+1?',
      { id: 'two', question: 'What is 2+2?' },
      'What is 3+3?',
    ]);
    const run = await runCliBin(['run', 'spec.json'], { env: fakeEnv(server), cwd: dir });
    expect(run.code).toBe(0);
    const results = lines(dir);
    expect(results.map((line) => line.meta.questionId)).toEqual(['q1', 'two', 'q3']);
    expect(results.map((line) => line.outcome.answer)).toEqual(['2', '4', '6']);
    expect(results.every((line) => line.meta.status === 'done')).toBe(true);
    expect(run.stderr).toContain('Finished: 3 of 3 done');
    expect(run.stderr).toContain('at most 3 model calls');
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).not.toContain(CANARY);
  });

  it('resumes after an interruption without asking the finished questions again', async () => {
    const dir = batch({ concurrency: 1 }, ['Q one?', 'Q two?', 'Q three?', 'Q four?']);
    server.enqueue(
      { text: 'Final answer: 1' },
      { text: 'Final answer: 2' },
      { text: 'Final answer: 3', stallAfter: 2 },
    );
    const cli = spawnCli(['run', 'spec.json'], { env: fakeEnv(server), cwd: dir });
    const started = Date.now();
    while (generations() < 3) {
      if (Date.now() - started > 15_000) throw new Error('the batch did not reach the third question');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    cli.child.kill('SIGINT');
    const first = await cli.done;
    expect(first.code).toBe(130);
    expect(first.stderr).toContain('Run the same command again to resume');
    expect(lines(dir).map((line) => line.meta.questionId)).toEqual(['q1', 'q2']);

    // A line torn by a hard kill is dropped on resume.
    appendFileSync(join(dir, 'out.jsonl'), '{"format":"trialogue.transcript","meta":{"questionId":"q3"');
    server.reset();
    const second = await runCliBin(['run', 'spec.json'], { env: fakeEnv(server), cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('2 already done (resuming)');
    expect(second.stderr).toContain('at most 2 model calls');
    expect(generations()).toBe(2);
    expect(lines(dir).map((line) => line.meta.questionId)).toEqual(['q1', 'q2', 'q3', 'q4']);
  });

  it('backs off when a provider keeps answering 429, then finishes the question', async () => {
    const limited = {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { message: 'Rate limit reached', type: 'requests' } },
    };
    // The provider layer retries twice itself; the third 429 reaches the runner, which pauses and retries.
    server.enqueue(limited, limited, limited, { text: 'Final answer: 7' });
    const dir = batch({ concurrency: 1, retries: 2 }, ['What is 3+4?']);
    const cli = spawnCli(['run', 'spec.json', '--json'], { env: fakeEnv(server), cwd: dir });
    // When the third 429 arrived and when the question was asked again: the runner really waited.
    const arrivals = await arrivalTimes(cli.done, 4);
    const run = await cli.done;
    expect(run.code).toBe(0);
    expect(arrivals[3]! - arrivals[2]!).toBeGreaterThanOrEqual(900);
    const events = ndjson(run.stdout) as {
      type: string;
      provider?: string;
      delayMs?: number;
      status?: string;
    }[];
    const backoff = events.find((event) => event.type === 'backoff');
    expect(backoff).toMatchObject({ provider: 'openai', delayMs: 1000 });
    expect(events.find((event) => event.type === 'question-end')).toMatchObject({ status: 'done' });
    expect(generations()).toBe(4);
    expect(lines(dir)[0]?.outcome.answer).toBe('7');
  });

  it("holds a question back while another uses a provider's only slot (perProvider)", async () => {
    const slow = {
      text: 'Thinking it over slowly and carefully now, one word at a time. Final answer: 2',
      tokenDelayMs: 40,
    };
    server.enqueue(slow, slow, slow, slow);
    const dir = batch(
      {
        participants: ['openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5'],
        concurrency: 2,
        perProvider: { anthropic: 1 },
      },
      ['What is 1+1?', 'What is 2+0?'],
    );
    const cli = spawnCli(['run', 'spec.json'], { env: fakeEnv(server), cwd: dir });
    const arrivals = await arrivalTimes(cli.done, 3);
    expect((await cli.done).code).toBe(0);
    // Two at once were allowed, but the second question needs anthropic too: it starts when the first ends.
    expect(arrivals[2]! - arrivals[0]!).toBeGreaterThanOrEqual(300);
    expect(lines(dir).map((line) => line.meta.status)).toEqual(['done', 'done']);
  });

  it('without a retry-after, waits until the exhausted request window resets', async () => {
    const limited = {
      status: 429,
      headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1.5s' },
      body: { error: { message: 'Rate limit reached', type: 'requests' } },
    };
    server.enqueue(limited, limited, limited, { text: 'Final answer: 7' });
    const dir = batch({ concurrency: 1, retries: 1 }, ['What is 3+4?']);
    const run = await runCliBin(['run', 'spec.json', '--json'], { env: fakeEnv(server), cwd: dir });
    expect(run.code).toBe(0);
    const backoff = (ndjson(run.stdout) as { type: string; delayMs?: number }[]).find(
      (event) => event.type === 'backoff',
    );
    expect(backoff?.delayMs).toBe(1500);
  });

  it('records a question as failed when the rate limit outlasts the retries, and exits 1', async () => {
    const limited = {
      status: 429,
      headers: { 'retry-after': '0' },
      body: { error: { message: 'Rate limit reached', type: 'requests' } },
    };
    server.enqueue(...Array.from({ length: 6 }, () => limited));
    const dir = batch({ concurrency: 1, retries: 1 }, ['What is 3+4?']);
    const run = await runCliBin(['run', 'spec.json'], { env: fakeEnv(server), cwd: dir });
    expect(run.code).toBe(1);
    expect(lines(dir)[0]?.meta.status).toBe('failed');
    expect(run.stderr).toContain('1 failed');
  });

  it('on the next run asks the failed questions again, not the done ones, and the later line wins', async () => {
    const dir = batch({ concurrency: 1, retries: 0 }, ['What is 1+1?', 'What is 3+4?']);
    server.enqueue(
      { text: 'Final answer: 2' },
      ...Array.from({ length: 3 }, () => ({
        status: 429,
        headers: { 'retry-after': '0' },
        body: { error: { message: 'Rate limit reached', type: 'requests' } },
      })),
    );
    const first = await runCliBin(['run', 'spec.json'], { env: fakeEnv(server), cwd: dir });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('Run the same command again to retry the failed ones');
    expect(lines(dir).map((line) => [line.meta.questionId, line.meta.status])).toEqual([
      ['q1', 'done'],
      ['q2', 'failed'],
    ]);

    server.reset();
    server.enqueue({ text: 'Final answer: 7' });
    const second = await runCliBin(['run', 'spec.json'], { env: fakeEnv(server), cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('1 already done (resuming)');
    expect(generations()).toBe(1);
    const bodies = server.requests.map((request) => JSON.stringify(request.body));
    expect(bodies.some((body) => body.includes('What is 3+4?'))).toBe(true);
    expect(lines(dir).map((line) => [line.meta.questionId, line.meta.status, line.outcome.answer])).toEqual([
      ['q1', 'done', '2'],
      ['q2', 'failed', undefined],
      ['q2', 'done', '7'],
    ]);
  });

  it('explains a malformed spec with exit 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'spec.json'), JSON.stringify({ participants: [], questions: ['x'] }));
    const run = await runCliBin(['run', 'spec.json'], { env: fakeEnv(server), cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"participants" must be a non-empty list');

    // A misspelt field is not quietly replaced by its default.
    writeFileSync(
      join(dir, 'spec.json'),
      JSON.stringify({ participants: ['openai:gpt-4.1-mini'], formatt: 'vote', questions: ['x'] }),
    );
    const typo = await runCliBin(['run', 'spec.json'], { env: fakeEnv(server), cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('"formatt" is not a spec field. Did you mean "format"?');
    expect(server.requests).toHaveLength(0);
  });
});
