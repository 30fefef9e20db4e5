import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

const source = (path: string) => fileURLToPath(new URL(`../../packages/${path}`, import.meta.url));
const local = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm'],
  // The tests' global setup builds the binary only (the types come from the sibling packages' builds).
  dts: process.env.TRIALOGUE_CLI_SKIP_DTS ? false : { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  // The binary is self-contained: the workspace packages (built from their sources) and their few
  // dependencies are bundled, so the installed CLI starts without resolving anything and never
  // mixes sibling versions.
  noExternal: [/.*/],
  esbuildOptions(options) {
    options.alias = {
      '@trialogue/core': source('core/src/index.ts'),
      '@trialogue/providers': source('providers/src/index.ts'),
      '@trialogue/debate': source('debate/src/index.ts'),
      // What marked-terminal imports but the CLI never calls (code blocks and emoji are its own):
      // 2 MB less to load at every start.
      'cli-highlight': local('src/render/unused/cli-highlight.ts'),
      'node-emoji': local('src/render/unused/node-emoji.ts'),
    };
  },
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
