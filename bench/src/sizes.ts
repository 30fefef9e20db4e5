/**
 * Browser bundle sizes: small entry files that really use each library (so tree shaking keeps what a
 * user keeps), bundled by esbuild for the browser (ESM, minified), gzipped with node:zlib at level 9.
 * The esbuild metafile tells how much of each bundle is zod, and which import pulls in zod's
 * classic API or its locales when they show up.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export type Family = 'trialogue' | 'ai-sdk' | 'official';

export interface SizeEntry {
  id: string;
  label: string;
  family: Family;
  /** Which Trialogue entry this one is compared with (for the ratio column). */
  compareTo?: string;
  source: string;
}

export interface SizeResult {
  entry: SizeEntry;
  minBytes: number;
  gzipBytes: number;
  /** Gzip bytes the bundle loses when zod is left out (`external`): zod's real share of the download. */
  zodGzipBytes: number;
  /** Bytes of zod in the minified output, by zod sub-folder (v4/core, v4/mini, v4/classic, v4/locales...). */
  zod: Map<string, number>;
  /** When zod's classic API or locales are in: the import chain from our code that brought them. */
  zodCulprits: string[];
  /** Every input file's share of the minified output, largest first. */
  inputs: [string, number][];
  error?: string;
}

const use = (stream: string) => `
const request = { messages: [{ role: 'user', content: 'Hello' }] };
for await (const event of ${stream}) console.log(event);`;

const PROVIDERS = [
  { sub: 'openai', factory: 'openai', ai: 'createOpenAI', aiPkg: '@ai-sdk/openai', aiModel: '.chat' },
  { sub: 'anthropic', factory: 'anthropic', ai: 'createAnthropic', aiPkg: '@ai-sdk/anthropic', aiModel: '' },
  { sub: 'google', factory: 'google', ai: 'createGoogleGenerativeAI', aiPkg: '@ai-sdk/google', aiModel: '' },
  { sub: 'groq', factory: 'groq', ai: 'createGroq', aiPkg: '@ai-sdk/groq', aiModel: '' },
  {
    sub: 'openai-compatible',
    factory: 'openaiCompatible',
    ai: 'createOpenAICompatible',
    aiPkg: '@ai-sdk/openai-compatible',
    aiModel: '',
  },
] as const;

const settings = (sub: string) =>
  sub === 'openai-compatible'
    ? `{ apiKey: globalThis.KEY, baseURL: globalThis.URL_, name: 'deepseek' }`
    : '{ apiKey: globalThis.KEY }';

/** The entries measured, ours first. */
export function sizeEntries(): SizeEntry[] {
  const entries: SizeEntry[] = [
    {
      id: 'core',
      label: 'core: `httpChatModel` + `TrialogueError` + `browserSessionKeyStore`',
      family: 'trialogue',
      source: `import { TrialogueError, browserSessionKeyStore, httpChatModel } from '@trialogue/core';
const keys = browserSessionKeyStore();
const model = httpChatModel({
  provider: 'x', modelId: 'y',
  prepare: (r) => ({ url: globalThis.URL_, init: { method: 'POST', body: JSON.stringify(r.messages) } }),
  createMapper: () => ({ onMessage: (m, sink) => sink.text(JSON.parse(m.data).t) }),
});
try { ${use('model.stream(request)')} } catch (e) { if (e instanceof TrialogueError) console.log(e.kind, keys); }`,
    },
  ];
  for (const p of PROVIDERS) {
    entries.push({
      id: `core+${p.sub}`,
      label: `core + \`@trialogue/providers/${p.sub}\``,
      family: 'trialogue',
      source: `import { ${p.factory} } from '@trialogue/providers/${p.sub}';
${use(`${p.factory}(${settings(p.sub)}).model('x').stream(request)`)}`,
    });
  }
  entries.push({
    id: 'core+all',
    label: 'core + all five provider subpaths',
    family: 'trialogue',
    source: `${PROVIDERS.map((p) => `import { ${p.factory} } from '@trialogue/providers/${p.sub}';`).join('\n')}
const models = [${PROVIDERS.map((p) => `${p.factory}(${settings(p.sub)}).model('x')`).join(', ')}];
for (const model of models) { ${use('model.stream(request)')} }`,
  });
  entries.push({
    id: 'core+registry',
    label: 'core + `@trialogue/providers` root (`createRegistry`, all providers, catalogue)',
    family: 'trialogue',
    source: `import { createRegistry } from '@trialogue/providers';
const registry = createRegistry({ keys: globalThis.KEYS });
${use(`registry.model(globalThis.REF).stream(request)`)}`,
  });

  for (const p of PROVIDERS) {
    entries.push({
      id: `ai+${p.sub}`,
      label: `\`ai\` + \`${p.aiPkg}\``,
      family: 'ai-sdk',
      compareTo: `core+${p.sub}`,
      source: `import { streamText } from 'ai';
import { ${p.ai} } from '${p.aiPkg}';
const result = streamText({ model: ${p.ai}(${settings(p.sub)})${p.aiModel}('x'), prompt: 'Hello' });
for await (const text of result.textStream) console.log(text);`,
    });
  }
  entries.push({
    id: 'ai+all',
    label: '`ai` + all five `@ai-sdk/*` providers',
    family: 'ai-sdk',
    compareTo: 'core+all',
    source: `import { streamText } from 'ai';
${PROVIDERS.map((p) => `import { ${p.ai} } from '${p.aiPkg}';`).join('\n')}
const models = [${PROVIDERS.map((p) => `${p.ai}(${settings(p.sub)})${p.aiModel}('x')`).join(', ')}];
for (const model of models) {
  const result = streamText({ model, prompt: 'Hello' });
  for await (const text of result.textStream) console.log(text);
}`,
  });
  const openaiUse = `const openaiClient = new OpenAI({ apiKey: globalThis.KEY, dangerouslyAllowBrowser: true });
for await (const chunk of await openaiClient.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'Hello' }], stream: true })) console.log(chunk.choices[0]?.delta?.content);`;
  const anthropicUse = `const anthropicClient = new Anthropic({ apiKey: globalThis.KEY, dangerouslyAllowBrowser: true });
for await (const event of await anthropicClient.messages.create({ model: 'x', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }], stream: true })) console.log(event);`;
  entries.push(
    {
      id: 'sdk+openai',
      label: 'official `openai`',
      family: 'official',
      compareTo: 'core+openai',
      source: `import OpenAI from 'openai';\n${openaiUse}`,
    },
    {
      id: 'sdk+anthropic',
      label: 'official `@anthropic-ai/sdk`',
      family: 'official',
      compareTo: 'core+anthropic',
      source: `import Anthropic from '@anthropic-ai/sdk';\n${anthropicUse}`,
    },
    {
      id: 'sdk+both',
      label: 'official `openai` + `@anthropic-ai/sdk` (two providers only)',
      family: 'official',
      compareTo: 'core+all',
      source: `import OpenAI from 'openai';\nimport Anthropic from '@anthropic-ai/sdk';\n${openaiUse}\n${anthropicUse}`,
    },
  );
  return entries;
}

/** Resolves `@trialogue/*` to the TypeScript sources instead of the built dist. */
const fromSource: Plugin = {
  name: 'trialogue-from-source',
  setup(b) {
    b.onResolve({ filter: /^@trialogue\/(core|providers)(\/.*)?$/ }, (args) => {
      const [, pkg, sub] = /^@trialogue\/(core|providers)(?:\/(.*))?$/.exec(args.path)!;
      return { path: `${repoRoot}packages/${pkg}/src/${sub ? `${sub}/` : ''}index.ts` };
    });
  },
};

/** Whether the built packages are there (the bench measures dist, what users get, when it can). */
export function distAvailable(): boolean {
  return ['core/dist/index.js', 'providers/dist/index.js', 'providers/dist/openai/index.js'].every((p) =>
    existsSync(`${repoRoot}packages/${p}`),
  );
}

function zodBreakdown(
  metafile: Metafile,
  outputName: string,
): { zod: Map<string, number>; culprits: string[] } {
  const output = metafile.outputs[outputName]!;
  const zod = new Map<string, number>();
  const zodPart = (path: string) =>
    /node_modules\/zod\/[^/]+\.js$/.test(path)
      ? 'root'
      : /node_modules\/zod\/(?:v4\/)?([^/]+)?/.exec(path.replace(/^.*\.pnpm\/[^/]+\//, ''))?.[1];
  for (const [path, info] of Object.entries(output.inputs)) {
    if (!/node_modules\/zod\//.test(path) || info.bytesInOutput === 0) continue;
    const part = zodPart(path) ?? 'other';
    zod.set(part, (zod.get(part) ?? 0) + info.bytesInOutput);
  }
  // Who imports zod's classic API or its locales? Walk importers up to the first non-zod file.
  const importers = new Map<string, string[]>();
  for (const [path, input] of Object.entries(metafile.inputs)) {
    for (const imp of input.imports)
      importers.set(imp.path, [...(importers.get(imp.path) ?? []), `${path}|${imp.original ?? imp.path}`]);
  }
  const culprits = new Set<string>();
  for (const path of Object.keys(output.inputs)) {
    if (!/node_modules\/zod\/(v4\/)?(classic|locales|v3)\//.test(path)) continue;
    const seen = new Set<string>();
    const queue = [path];
    while (queue.length) {
      const current = queue.shift()!;
      if (seen.has(current)) continue;
      seen.add(current);
      for (const entry of importers.get(current) ?? []) {
        const [from, spec] = entry.split('|') as [string, string];
        if (/node_modules\/zod\//.test(from)) queue.push(from);
        else culprits.add(`${from.replace(/^.*node_modules\//, '').replace(repoRoot, '')} imports '${spec}'`);
      }
    }
  }
  return { zod, culprits: [...culprits] };
}

/**
 * How every size in the bench is measured: one entry (`id`, `source`) bundled by esbuild for the
 * browser, ESM, minified, every import inlined, with the metafile kept for the breakdowns.
 */
export function browserBundleOptions(entry: { id: string; source: string }, plugins: Plugin[]) {
  return {
    stdin: {
      contents: entry.source,
      resolveDir: benchDir,
      loader: 'js' as const,
      sourcefile: `${entry.id}.js`,
    },
    bundle: true,
    write: false as const,
    minify: true,
    format: 'esm' as const,
    platform: 'browser' as const,
    target: 'es2022',
    outfile: 'out.js',
    metafile: true as const,
    logLevel: 'silent' as const,
    // The bench's own tsconfig maps @trialogue/* to the sources (for tsx); bundles ignore it.
    tsconfigRaw: {},
    plugins,
  };
}

function bundle(entry: SizeEntry, from: 'dist' | 'src', external: string[] = []) {
  return build({ ...browserBundleOptions(entry, from === 'src' ? [fromSource] : []), external });
}

const gzipSize = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).byteLength;

export async function measureEntry(entry: SizeEntry, from: 'dist' | 'src'): Promise<SizeResult> {
  try {
    const result = await bundle(entry, from);
    const out = result.outputFiles.find((f) => f.path.endsWith('.js'))!;
    const outputName = Object.keys(result.metafile.outputs).find((k) => k.endsWith('.js'))!;
    const { zod, culprits } = zodBreakdown(result.metafile, outputName);
    const inputs = Object.entries(result.metafile.outputs[outputName]!.inputs)
      .map(([path, info]): [string, number] => [
        path.replace(/^.*node_modules\//, '').replace(repoRoot, ''),
        info.bytesInOutput,
      ])
      .sort((a, b) => b[1] - a[1]);
    const gzipBytes = gzipSize(out.contents);
    let zodGzipBytes = 0;
    if (zod.size) {
      const withoutZod = await bundle(entry, from, ['zod', 'zod/*']);
      zodGzipBytes =
        gzipBytes - gzipSize(withoutZod.outputFiles.find((f) => f.path.endsWith('.js'))!.contents);
    }
    return {
      entry,
      minBytes: out.contents.byteLength,
      gzipBytes,
      zodGzipBytes,
      zod,
      zodCulprits: culprits,
      inputs,
    };
  } catch (error) {
    const message =
      (error as { errors?: { text: string }[] }).errors?.map((e) => e.text).join('; ') ?? String(error);
    return {
      entry,
      minBytes: Number.NaN,
      gzipBytes: Number.NaN,
      zodGzipBytes: 0,
      zod: new Map(),
      zodCulprits: [],
      inputs: [],
      error: message,
    };
  }
}

export interface Sizes {
  from: 'dist' | 'src';
  results: SizeResult[];
}

export async function measureSizes(
  options: { from?: 'dist' | 'src'; log?: (line: string) => void } = {},
): Promise<Sizes> {
  const from = options.from ?? (distAvailable() ? 'dist' : 'src');
  const results: SizeResult[] = [];
  for (const entry of sizeEntries()) {
    const result = await measureEntry(entry, from);
    results.push(result);
    const zodBytes = [...result.zod.values()].reduce((a, b) => a + b, 0);
    options.log?.(
      `  ${entry.id.padEnd(24)} ${result.error ? `error: ${result.error}` : `${(result.minBytes / 1024).toFixed(1)} KB min, ${(result.gzipBytes / 1024).toFixed(2)} KB gzip, zod ${(zodBytes / 1024).toFixed(1)} KB`}`,
    );
  }
  return { from, results };
}
