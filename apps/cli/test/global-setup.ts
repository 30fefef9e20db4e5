import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliRoot = fileURLToPath(new URL('..', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The tests spawn the built binary: build it when it is missing or older than its sources. */
export default function setup(): void {
  const bin = join(cliRoot, 'dist', 'bin.js');
  // The binary bundles the workspace packages from their sources, so any of them can make it stale.
  const sources = [
    'src',
    '../../packages/core/src',
    '../../packages/providers/src',
    '../../packages/debate/src',
  ];
  const newest = Math.max(...sources.map((dir) => newestSource(join(cliRoot, dir))));
  if (existsSync(bin) && statSync(bin).mtimeMs >= newest) return;
  try {
    execFileSync('npx', ['tsup'], {
      cwd: cliRoot,
      stdio: 'pipe',
      env: { ...process.env, TRIALOGUE_CLI_SKIP_DTS: '1' },
    });
  } catch (error) {
    const output = (error as { stderr?: Buffer; stdout?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`Building the CLI for its tests failed:\n${output}`);
  }
}
