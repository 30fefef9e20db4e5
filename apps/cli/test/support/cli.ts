import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeProviderServer, startFakeProviderServer } from '@trialogue/providers/testing';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export const CANARY = 'sk-canary-0123456789abcdefCANARY';
export const ANTHROPIC_CANARY = 'sk-ant-canary-0123456789abcdefCANARY';
export const GROQ_CANARY = 'gsk_canary0123456789abcdefCANARY';
export const cliRoot = fileURLToPath(new URL('../..', import.meta.url));
export const binPath = join(cliRoot, 'dist', 'bin.js');

/** What a finished run printed. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh temporary directory (config dir, output files). */
export function tempDir(prefix = 'trialogue-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * The environment of a run against the fake server: keys for openai, anthropic and groq (the canary
 * among them), base URLs pointing at the fake, a private config dir, no colours, no inherited keys.
 */
export function fakeEnv(
  server: FakeProviderServer,
  extra: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/_API_KEY$|^TRIALOGUE_|^XDG_STATE_HOME$/.test(name)) env[name] = value;
  }
  return {
    ...env,
    NO_COLOR: '1',
    TRIALOGUE_CONFIG_DIR: tempDir('trialogue-config-'),
    // Sessions are saved under the state folder: a private one per run.
    XDG_STATE_HOME: tempDir('trialogue-state-'),
    TRIALOGUE_OLLAMA_URL: `${server.url}/nothing-here`,
    OPENAI_API_KEY: CANARY,
    ANTHROPIC_API_KEY: ANTHROPIC_CANARY,
    GROQ_API_KEY: GROQ_CANARY,
    TRIALOGUE_BASE_URL_OPENAI: server.baseURL('openai'),
    TRIALOGUE_BASE_URL_ANTHROPIC: server.baseURL('anthropic'),
    TRIALOGUE_BASE_URL_GROQ: server.baseURL('groq'),
    TRIALOGUE_BASE_URL_GOOGLE: server.baseURL('google'),
    TRIALOGUE_BASE_URL_OPENROUTER: server.baseURL('openrouter'),
    ...extra,
  };
}

/** Spawns the built CLI. */
export function spawnCli(
  args: string[],
  options: { env: Record<string, string>; cwd?: string; stdin?: string },
): {
  child: ChildProcess;
  done: Promise<CliRun>;
  output(): CliRun;
} {
  const child = spawn(process.execPath, [binPath, ...args], {
    env: options.env,
    cwd: options.cwd ?? cliRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  else child.stdin!.end();
  const done = new Promise<CliRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `trialogue ${args.join(' ')} did not finish in 25 s.\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, 25_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, done, output: () => ({ code: child.exitCode, stdout, stderr }) };
}

/** Runs the built CLI to the end. */
export function runCliBin(
  args: string[],
  options: { env: Record<string, string>; cwd?: string; stdin?: string },
): Promise<CliRun> {
  return spawnCli(args, options).done;
}

/** Parses NDJSON output, failing on any line that is not JSON. */
export function ndjson(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Every file under a directory, with its content (to look for a leaked key). */
export function filesUnder(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push({ path, text: readFileSync(path, 'utf8') });
  }
  return out;
}

export { type FakeProviderServer, startFakeProviderServer };

/** The fake provider server of the current test file (a live binding, set by {@link useFakeServer}). */
export let server: FakeProviderServer;

/** Starts the fake provider server for a test file, with a clean slate before each test. */
export function useFakeServer(options: Parameters<typeof startFakeProviderServer>[0] = {}): void {
  beforeAll(async () => {
    server = await startFakeProviderServer(options);
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());
}
