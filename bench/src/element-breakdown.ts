/**
 * Where an element bundle's gzip bytes go, per package. gzip does not add up file by file, so each
 * package's share is measured by building the same entry again with one more package left out
 * (esbuild `external`), in a fixed order: the drops add up to the whole bundle, and what is left at
 * the end is @trialogue/web-components itself. Core's share includes eventsource-parser (only core
 * imports it); the providers' share includes the catalogue.
 *
 * `pnpm --filter @trialogue/bench element-breakdown [entry ids]` prints the table (default: the
 * chat with three providers and the script-tag file); bench/README.md ("Element sizes") quotes it.
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'esbuild';
import { bundleElement, type ElementSizeEntry, elementSizeEntries } from './element-sizes.js';

/** Left out in this order; each step's drop is that package's share. */
const steps: { name: string; npm?: RegExp; ours?: string }[] = [
  { name: 'marked', npm: /^marked(\/|$)/ },
  { name: 'DOMPurify', npm: /^dompurify(\/|$)/ },
  { name: 'Lit', npm: /^(lit|lit-html|lit-element|@lit\/reactive-element)(\/|$)/ },
  { name: 'core + eventsource-parser', ours: 'core' },
  { name: 'debate', ours: 'debate' },
  { name: 'providers', ours: 'providers' },
];

/** Marks the given npm packages and @trialogue packages external. */
function leaveOut(npm: RegExp[], ours: string[]): Plugin {
  return {
    name: 'leave-out',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = /^@trialogue\/([\w-]+)/.exec(args.path)?.[1];
        const external = name ? ours.includes(name) : npm.some((pattern) => pattern.test(args.path));
        return external ? { path: args.path, external: true } : undefined;
      });
    },
  };
}

async function gzipKb(entry: ElementSizeEntry, npm: RegExp[], ours: string[]): Promise<number> {
  const result = await bundleElement(entry, [leaveOut(npm, ours)]);
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).byteLength / 1024;
}

/** Each package's share of the entry's gzip KB, in the order of `steps`, then web-components. */
export async function measureGzipBreakdown(entry: ElementSizeEntry): Promise<[string, number][]> {
  const npm: RegExp[] = [];
  const ours: string[] = [];
  let before = await gzipKb(entry, npm, ours);
  const total = before;
  const shares: [string, number][] = [];
  for (const step of steps) {
    if (step.npm) npm.push(step.npm);
    if (step.ours) ours.push(step.ours);
    const after = await gzipKb(entry, npm, ours);
    shares.push([step.name, before - after]);
    before = after;
  }
  shares.push(['web-components', before], ['total', total]);
  return shares;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ids = process.argv.slice(2).length ? process.argv.slice(2) : ['chat-three-providers', 'script-tag'];
  const rows: string[] = [];
  for (const entry of elementSizeEntries.filter((e) => ids.includes(e.id))) {
    const shares = await measureGzipBreakdown(entry);
    if (!rows.length) {
      rows.push(`| KB gzip | ${shares.map(([name]) => name).join(' | ')} |`);
      rows.push(`|:--|${shares.map(() => '--:').join('|')}|`);
    }
    rows.push(`| ${entry.id} | ${shares.map(([, kb]) => (kb < 0.05 ? '–' : kb.toFixed(1))).join(' | ')} |`);
  }
  console.log(rows.join('\n'));
}
