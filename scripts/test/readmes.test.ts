/**
 * READMEs that run: every ```ts / ```js / ```sh block of every README.md in the repository runs here,
 * as written, unless its info string says `fragment`.
 *
 * - TypeScript and JavaScript run with tsx, the workspace packages from their sources (as vitest
 *   reads them; scripts/readme/tsconfig.json maps `@trialogue/*` and `trialogue`).
 * - Shell runs with bash (`set -euo pipefail`); `trialogue` on its PATH is the built CLI.
 * - Each block runs in an empty temporary folder, with the provider keys a user would have in their
 *   environment (canary values), and scripts/readme/route-to-fake.mjs sends every request for a
 *   real provider to one fake provider server (`@trialogue/providers/testing`); nothing else leaves
 *   the machine. A block that starts its own fake server talks to it directly.
 *
 * A block passes when it exits 0 within its time and no key it was given shows up in its output.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FAKE_WIRES,
  type FakeProviderServer,
  startFakeProviderServer,
  WIRES,
} from '@trialogue/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksOf, findReadmes, isFragment, type ReadmeBlock, readmeBlocks } from '../readme/extract.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readmeDir = join(root, 'scripts/readme');
const tsxLoader = import.meta.resolve('tsx');
const cliBin = join(root, 'apps/cli/dist/bin.js');

/** What a user would have exported: one canary per provider, none of which may be printed. */
const KEYS: Record<string, string> = {
  OPENAI_API_KEY: 'sk-proj-readmeCANARY0123456789abcdef',
  ANTHROPIC_API_KEY: 'sk-ant-api03-readmeCANARY0123456789abcdef',
  GEMINI_API_KEY: 'AIzaReadmeCANARY0123456789abcdefghijklm',
  GROQ_API_KEY: 'gsk_readmeCANARY0123456789abcdefghijklmnop',
  OPENROUTER_API_KEY: 'sk-or-v1-readmeCANARY0123456789abcdef',
  DEEPSEEK_API_KEY: 'sk-readmeCANARYdeepseek0123456789abcdef',
};

/** OpenAI-compatible presets that have no wire of their own on the fake: they speak its generic one. */
const COMPATIBLE_HOSTS = [
  'https://api.mistral.ai/v1',
  'https://api.x.ai/v1',
  'https://api.together.xyz/v1',
  'https://api.fireworks.ai/inference/v1',
  'https://api.cerebras.ai/v1',
  'http://127.0.0.1:1234/v1',
  'http://localhost:1234/v1',
  'http://localhost:11434/v1',
];

let server: FakeProviderServer;
let work: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startFakeProviderServer();
  work = mkdtempSync(join(tmpdir(), 'trialogue-readme-'));
  const routes: [string, string][] = FAKE_WIRES.filter((wire) => wire !== 'openai-responses').map((wire) => [
    WIRES[wire].realBaseURL,
    server.baseURL(wire),
  ]);
  for (const host of COMPATIBLE_HOSTS) routes.push([host, server.baseURL('openai-compatible')]);
  // `trialogue` on the blocks' PATH: the built CLI, its requests routed like everything else.
  const bin = join(work, 'bin');
  execFileSync('mkdir', ['-p', bin]);
  writeFileSync(
    join(bin, 'trialogue'),
    `#!/bin/sh\nexec "${process.execPath}" --import "${join(readmeDir, 'route-to-fake.mjs')}" "${cliBin}" "$@"\n`,
  );
  chmodSync(join(bin, 'trialogue'), 0o755);
  const { NODE_OPTIONS: _options, VITEST: _vitest, ...rest } = process.env;
  env = {
    ...rest,
    ...KEYS,
    PATH: `${bin}:${process.env.PATH}`,
    HOME: work, // what a block saves (the CLI's history, config) stays in the temporary folder
    XDG_CONFIG_HOME: join(work, '.config'),
    XDG_DATA_HOME: join(work, '.local/share'),
    NO_COLOR: '1',
    TSX_TSCONFIG_PATH: join(readmeDir, 'tsconfig.json'),
    TRIALOGUE_README_ROUTES: JSON.stringify(routes),
    // The CLI saves its sessions under the state folder: the blocks' own, not the machine's.
    XDG_STATE_HOME: join(work, 'state'),
  };
});

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

function run(command: string, args: string[], cwd: string, timeoutMs: number, childEnv = env) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => {
      output += `\n[README test: killed after ${timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const blocks = readmeBlocks(root);
const runnable = blocks.filter((block) => block.runAs !== undefined);

describe('the README runner itself', () => {
  it('finds the blocks to run, and reads `fragment` anywhere in the info string', () => {
    const found = blocksOf(
      [
        '# x',
        '```ts',
        'a()',
        '```',
        '```ts fragment',
        'b()',
        '```',
        '```json',
        '{}',
        '```',
        '~~~sh',
        'c',
        '~~~',
      ].join('\n'),
      'x.md',
    );
    expect(found.map((b) => [b.line, b.runAs, b.code])).toEqual([
      [2, 'ts', 'a()\n'],
      [5, undefined, 'b()\n'],
      [8, undefined, '{}\n'],
      [11, 'sh', 'c\n'],
    ]);
    expect(isFragment('ts {fragment}')).toBe(true);
    expect(isFragment('ts fragmentary')).toBe(false);
  });

  it('has READMEs with runnable blocks in every package that has a README', () => {
    const files = new Set(runnable.map((block) => block.file));
    for (const readme of [
      'packages/core/README.md',
      'packages/providers/README.md',
      'packages/debate/README.md',
    ]) {
      expect(files.has(readme), readme).toBe(true);
    }
  });
});

/** Runs a block in a fresh folder: bash for shell, tsx for TypeScript and JavaScript. */
async function runBlock(block: ReadmeBlock, childEnv = env) {
  const dir = mkdtempSync(join(work, 'block-'));
  if (block.runAs === 'sh') {
    expect(existsSync(cliBin), 'build the CLI first (pnpm -r build)').toBe(true);
    writeFileSync(join(dir, 'block.sh'), `set -euo pipefail\n${block.code}`);
    return run('bash', ['block.sh'], dir, 60_000, childEnv);
  }
  const file = join(dir, block.runAs === 'ts' ? 'block.mts' : 'block.mjs');
  writeFileSync(file, block.code);
  const loaders = ['--import', tsxLoader, '--import', join(readmeDir, 'route-to-fake.mjs')];
  return run(process.execPath, [...loaders, file], dir, 60_000, childEnv);
}

/** What Node prints for an exception nobody caught: a stack trace. */
const CRASH = /triggerUncaughtException|^\s+at .+:\d+:\d+\)?$/m;

describe('READMEs point only at what a reader has', () => {
  // Published packages ship README.md and dist/, not src/ or the issue tracker's history.
  const published = [
    'packages/core',
    'packages/providers',
    'packages/debate',
    'packages/web-components',
    'apps/cli',
  ];
  const readmes = [...new Set(blocks.map((block) => block.file))];

  it.each(findReadmes(root))(
    '%s mentions no internal issue numbers and links nothing outside the repository',
    (file) => {
      const text = readFileSync(join(root, file), 'utf8');
      expect(text.match(/\bissues? #\d+/gi) ?? [], 'say what the requirement is instead').toEqual([]);
      expect(text.match(/\]\((?:\.\.\/)+shared[^)]*\)|`\.\.\/shared[^`]*`/g) ?? []).toEqual([]);
      if (published.some((dir) => file === `${dir}/README.md`)) {
        // A link into src/ is a dead link on npm: the tarball has no src/.
        expect(
          text.match(/\]\((?:\.\/)?src\/[^)]*\)/g) ?? [],
          'link the API reference or name the module',
        ).toEqual([]);
      }
    },
  );

  it('covers every README that has code', () => {
    expect(readmes.length).toBeGreaterThan(5);
  });
});

describe.each(runnable)('$file:$line ($info)', (block) => {
  it('runs as written', { timeout: 90_000 }, async () => {
    const result = await runBlock(block);
    expect(result.code, `${block.file}:${block.line} exited ${result.code}:\n${result.output}`).toBe(0);
    for (const key of Object.values(KEYS)) expect(result.output).not.toContain(key);
  });

  // A block that reads a key from the environment must say so when the key is not there,
  // the way a user's program should: an error message, not a crash with a stack trace.
  if (block.runAs !== 'sh' && /process\.env\.[A-Z_]*API_KEY|envKeyStore\(/.test(block.code)) {
    it('without keys in the environment, reports the error instead of crashing', {
      timeout: 90_000,
    }, async () => {
      const withoutKeys = Object.fromEntries(Object.entries(env).filter(([name]) => !(name in KEYS)));
      const result = await runBlock(block, withoutKeys);
      expect(result.output, `${block.file}:${block.line} crashed:\n${result.output}`).not.toMatch(CRASH);
      expect(result.output).toMatch(/key/i);
    });
  }
});
