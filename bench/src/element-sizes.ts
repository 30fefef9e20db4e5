/**
 * Download size of the elements, as the issue asks: each entry bundled by esbuild for the browser
 * (ESM, `--minify`, everything inlined: Lit, marked, DOMPurify, core, providers), then gzip -9. Our
 * packages are bundled from their sources (what the script-tag build does), so the numbers never
 * depend on which dist folders happen to be built. deep-chat, the best-known chat web component,
 * is measured the same way from its npm package. The metafile says which package each byte is from.
 *
 * `node --import tsx src/element-sizes.ts` prints the table; `pnpm bench` adds it to RESULTS.md.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { browserBundleOptions } from './sizes.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ElementSizeEntry {
  id: string;
  label: string;
  /** An ES module that imports what a page would. */
  source: string;
  /** The issue's ceiling, in gzip KB, when it sets one. */
  targetKb?: number;
}

export interface ElementSizeResult {
  entry: ElementSizeEntry;
  minBytes: number;
  gzipBytes: number;
  /** Minified bytes by package (`lit`, `marked`, `@trialogue/core`, ...), largest first. */
  packages: [string, number][];
  error?: string;
}

export const elementSizeEntries: ElementSizeEntry[] = [
  {
    id: 'script-tag',
    label: 'dist/trialogue.js: the script-tag file (every element, debate included)',
    source: `export * from '@trialogue/web-components/script-tag';`,
    targetKb: 80,
  },
  {
    id: 'chat',
    label: `<trialogue-chat> alone (import '@trialogue/web-components/chat')`,
    source: `import '@trialogue/web-components/chat';`,
  },
  {
    id: 'chat-three-providers',
    label: '<trialogue-chat> with three providers (openai, anthropic, google subpaths)',
    source: `import '@trialogue/web-components/chat';
export { openai } from '@trialogue/providers/openai';
export { anthropic } from '@trialogue/providers/anthropic';
export { google } from '@trialogue/providers/google';`,
    targetKb: 60,
  },
  {
    id: 'message',
    label: '<trialogue-message> alone (Lit, marked, DOMPurify)',
    source: `import '@trialogue/web-components/message';`,
  },
  {
    id: 'markdown',
    label: 'the markdown module alone (renderMarkdown, createMarkdownStream; no Lit)',
    source: `export { renderMarkdown, createMarkdownStream } from '@trialogue/web-components/markdown';`,
  },
  {
    id: 'deep-chat',
    label: `deep-chat (import 'deep-chat'), for scale`,
    source: `import 'deep-chat';`,
  },
];

/** `@trialogue/<package>[/<subpath>]` from the package's sources (`src/<subpath>/index.ts`, or `src/<subpath>.ts`). */
const fromSources: Plugin = {
  name: 'trialogue-sources',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^@trialogue\/[\w-]+(\/[\w-]+)?$/ }, (args) => {
      const [, name, subpath] = /^@trialogue\/([\w-]+)(?:\/([\w-]+))?$/.exec(args.path)!;
      const base = `${repoRoot}packages/${name}/src`;
      const candidates = subpath
        ? [`${base}/${subpath}/index.ts`, `${base}/${subpath}.ts`]
        : [`${base}/index.ts`];
      const path = candidates.find((candidate) => existsSync(candidate));
      return path ? { path } : undefined;
    });
  },
};

/** The package a bundled file belongs to. */
function packageOf(path: string): string {
  const ours = /packages\/([\w-]+)\/src\//.exec(path);
  if (ours) return `@trialogue/${ours[1]}`;
  const modules = path.split('node_modules/');
  const last = modules[modules.length - 1]!;
  const parts = last.split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Bundles one entry as measured here; `before` plugins resolve ahead of the sources (to leave a package out). */
export function bundleElement(entry: ElementSizeEntry, before: Plugin[] = []) {
  return build(browserBundleOptions(entry, [...before, fromSources]));
}

/** Bundles and measures one entry. */
export async function measureElementSize(entry: ElementSizeEntry): Promise<ElementSizeResult> {
  try {
    const result = await bundleElement(entry);
    const out = result.outputFiles.find((file) => file.path.endsWith('.js'))!;
    const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined)!;
    const packages = new Map<string, number>();
    for (const [path, info] of Object.entries(output.inputs)) {
      const name = packageOf(path);
      packages.set(name, (packages.get(name) ?? 0) + info.bytesInOutput);
    }
    return {
      entry,
      minBytes: out.contents.byteLength,
      gzipBytes: gzipSync(out.contents, { level: 9 }).byteLength,
      packages: [...packages].sort((a, b) => b[1] - a[1]),
    };
  } catch (error) {
    const message =
      (error as { errors?: { text: string }[] }).errors?.map((e) => e.text).join('; ') ?? String(error);
    return { entry, minBytes: Number.NaN, gzipBytes: Number.NaN, packages: [], error: message };
  }
}

/** Measures every entry of {@link elementSizeEntries}. */
export async function measureElementSizes(
  options: { log?: (line: string) => void } = {},
): Promise<ElementSizeResult[]> {
  const results: ElementSizeResult[] = [];
  for (const entry of elementSizeEntries) {
    const result = await measureElementSize(entry);
    results.push(result);
    options.log?.(
      `  ${entry.id.padEnd(22)} ${result.error ? `error: ${result.error}` : `${kb(result.minBytes)} KB min, ${kb(result.gzipBytes)} KB gzip`}`,
    );
  }
  return results;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** The "Elements" section of RESULTS.md. */
export function renderElementSizes(results: ElementSizeResult[]): string {
  const lines = [
    '## Elements: download size',
    '',
    'Each entry bundled by esbuild for the browser (ESM, `--minify`, every dependency inlined: Lit,',
    'marked, DOMPurify, our packages from their sources), then gzip -9. Targets from issue #11.',
    '',
    '| bundle | min KB | gzip KB | target (gzip) | |',
    '|:--|--:|--:|--:|:--|',
  ];
  for (const { entry, minBytes, gzipBytes, error } of results) {
    const verdict =
      error !== undefined
        ? `error: ${error}`
        : entry.targetKb === undefined
          ? ''
          : gzipBytes / 1024 <= entry.targetKb
            ? 'within'
            : 'over';
    lines.push(
      `| ${entry.label.replace(/</g, '&lt;').replace(/\|/g, '\\|')} | ${kb(minBytes)} | ${kb(gzipBytes)} | ${entry.targetKb ? `≤ ${entry.targetKb}` : ''} | ${verdict} |`,
    );
  }
  lines.push('', 'Where the minified bytes come from (KB, largest first):', '');
  for (const { entry, packages, error } of results) {
    if (error) continue;
    const shown = packages
      .filter(([, bytes]) => bytes >= 512)
      .map(([name, bytes]) => `${name} ${kb(bytes)}`)
      .join(', ');
    lines.push(`- ${entry.id}: ${shown}`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await measureElementSizes({ log: (line) => console.log(line) });
  console.log(`\n${renderElementSizes(results)}`);
}
