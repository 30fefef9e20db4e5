import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'openai/index': 'src/openai/index.ts',
    'anthropic/index': 'src/anthropic/index.ts',
    'google/index': 'src/google/index.ts',
    'groq/index': 'src/groq/index.ts',
    'openai-compatible/index': 'src/openai-compatible/index.ts',
    'catalogue/index': 'src/catalogue/index.ts',
    'sample/index': 'src/sample/index.ts',
    'testing/index': 'src/testing/index.ts',
    'testing/cli': 'src/testing/cli.ts',
    'testing/msw/index': 'src/testing/msw/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
});
