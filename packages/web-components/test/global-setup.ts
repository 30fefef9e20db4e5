import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The browser tests load the script-tag file (dist/trialogue.js) in a plain page, as a user would:
 * rebuild it from the current sources before the run (esbuild, about a second).
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build-script-tag.mjs'], { cwd: root, stdio: 'inherit' });
}
