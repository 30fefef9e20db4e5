import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Tests import the workspace packages from source, so `vitest` needs no build first.
 * (The CLI's tests spawn the built binary; `scripts/test-all.sh` builds before testing.)
 */
const alias = [
  { find: /^@trialogue\/core$/, replacement: here('./packages/core/src/index.ts') },
  { find: /^@trialogue\/core\/(.+)$/, replacement: here('./packages/core/src/$1/index.ts') },
  { find: /^@trialogue\/providers$/, replacement: here('./packages/providers/src/index.ts') },
  { find: /^@trialogue\/providers\/(.+)$/, replacement: here('./packages/providers/src/$1/index.ts') },
  { find: /^@trialogue\/debate$/, replacement: here('./packages/debate/src/index.ts') },
  { find: /^@trialogue\/web-components$/, replacement: here('./packages/web-components/src/index.ts') },
  {
    find: /^@trialogue\/web-components\/(.+)$/,
    replacement: here('./packages/web-components/src/$1/index.ts'),
  },
];

const project = (name: string, root: string, extra: Record<string, unknown> = {}) => ({
  resolve: { alias },
  test: { name, root: here(root), include: ['test/**/*.test.ts'], ...extra },
});

export default defineConfig({
  test: {
    projects: [
      // The recordings cut at every byte take a few seconds alone, and several times that when CI's
      // two cores run every project at once: a slow machine must not pass for a broken parser.
      project('@trialogue/core', './packages/core', { testTimeout: 20_000 }),
      project('@trialogue/providers', './packages/providers', { testTimeout: 20_000 }),
      project('@trialogue/debate', './packages/debate', { testTimeout: 20_000 }),
      project('@trialogue/web-components', './packages/web-components', {
        testTimeout: 60_000,
        globalSetup: ['./test/global-setup.ts'],
      }),
      project('@trialogue/cli', './apps/cli', {
        testTimeout: 30_000,
        globalSetup: ['./test/global-setup.ts'],
      }),
      project('@trialogue/demo', './apps/demo', { testTimeout: 60_000 }),
      // The repository as a whole: it needs nothing beside it, and every README block runs
      // (scripts/test; the shell blocks call the built CLI, which the CLI's setup builds when stale).
      project('repo', '.', {
        include: ['scripts/test/**/*.test.ts'],
        testTimeout: 90_000,
        globalSetup: ['./apps/cli/test/global-setup.ts'],
      }),
    ],
    passWithNoTests: true,
  },
});
