import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { fakeEnv, server, useFakeServer } from './support/cli.js';

useFakeServer();

function io(env: Record<string, string>, signal?: AbortSignal) {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end();
  return {
    io: {
      stdin,
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      env,
      isTTY: false,
      signal,
    },
    output: () => ({ stdout, stderr }),
  };
}

describe('runCli as a library', () => {
  it('runs a command in-process and resolves to its exit code', async () => {
    const { io: cliIo, output } = io(fakeEnv(server));
    const code = await runCli(['ask', 'Hi', '-m', 'openai:gpt-4.1-mini', '--json'], cliIo);
    expect(code).toBe(0);
    const events = output()
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.at(-1).event.type).toBe('finish');
  });

  it('returns 2 for a usage error instead of exiting the process', async () => {
    const { io: cliIo, output } = io(fakeEnv(server));
    expect(await runCli(['nonsense'], cliIo)).toBe(2);
    expect(output().stderr).toContain('unknown command "nonsense"');
  });

  it('explains a configuration error in one message, without a stack even with --verbose', async () => {
    const env = fakeEnv(server);
    delete env.ANTHROPIC_API_KEY;
    const { io: cliIo, output } = io(env);
    expect(await runCli(['ask', 'Hi', '-m', 'anthropic:claude-haiku-4-5', '--verbose'], cliIo)).toBe(2);
    expect(output().stderr).toContain('No API key for anthropic. Set ANTHROPIC_API_KEY');
    expect(output().stderr).not.toMatch(/^\s+at /m);
  });

  it('fits --help to a narrow terminal, and to 100 columns off one (examples stay whole, to be copied)', async () => {
    for (const [isTTY, columns, width] of [
      [true, 50, 49],
      [false, undefined, 100],
    ] as const) {
      for (const argv of [['--help'], ['debate', '--help'], ['run', '--help']]) {
        const { io: cliIo, output } = io(fakeEnv(server));
        expect(await runCli(argv, { ...cliIo, isTTY, columns })).toBe(0);
        const text = output().stdout;
        const examples = text.slice(text.indexOf('Examples:'), text.indexOf('Exit codes'));
        const rest = text.replace(examples, '');
        for (const line of rest.split('\n'))
          expect(line.length, `${argv.join(' ')}: ${line}`).toBeLessThanOrEqual(width);
        // Wrapped, not cut: a description still reads whole.
        if (argv[0] === 'debate')
          expect(rest.replace(/\s+/g, ' ')).toContain('Stop when the debate has cost this many US dollars.');
      }
    }
  });

  it('returns 130 when its signal aborts mid-stream', async () => {
    server.enqueue({ text: 'one two three four five', tokenDelayMs: 20, stallAfter: 3 });
    const controller = new AbortController();
    const { io: cliIo, output } = io(fakeEnv(server), controller.signal);
    const running = runCli(['ask', 'Hi', '-m', 'openai:gpt-4.1-mini'], cliIo);
    setTimeout(() => controller.abort(), 500);
    expect(await running).toBe(130);
    expect(output().stdout).toContain('one');
  });
});
