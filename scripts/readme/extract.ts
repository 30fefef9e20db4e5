/**
 * Finds the code blocks of the READMEs that the README test runs: every fenced block whose
 * language is TypeScript, JavaScript or shell, unless its info string has the word `fragment`
 * (```ts fragment). Other languages (json, html, text) are never run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export type BlockLanguage = 'ts' | 'js' | 'sh';

export interface ReadmeBlock {
  /** The README, relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string after the fence, as written (`ts`, `sh fragment`, `json`...). */
  info: string;
  /** What to run it as, or undefined when it is not run (another language, or a fragment). */
  runAs: BlockLanguage | undefined;
  code: string;
}

const LANGUAGES: Record<string, BlockLanguage> = {
  ts: 'ts',
  typescript: 'ts',
  js: 'js',
  javascript: 'js',
  mjs: 'js',
  sh: 'sh',
  bash: 'sh',
  shell: 'sh',
  console: 'sh',
};

/** Whether an info string marks a block as not to be run. */
export function isFragment(info: string): boolean {
  return info.split(/[\s,{}]+/).includes('fragment');
}

/** The fenced blocks of one Markdown text (``` or ~~~ fences, three or more). */
export function blocksOf(markdown: string, file: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '```', rest = ''] = open;
    const info = rest.trim();
    const close = new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`);
    const dedent = new RegExp(`^ {0,${indent.length}}`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !close.test(lines[j] ?? ''); j++)
      body.push((lines[j] ?? '').replace(dedent, ''));
    const language = (info.split(/\s+/)[0] ?? '').toLowerCase();
    blocks.push({
      file,
      line: i + 1,
      info,
      runAs: isFragment(info) ? undefined : LANGUAGES[language],
      code: `${body.join('\n')}\n`,
    });
    i = j;
  }
  return blocks;
}

const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.turbo', 'coverage', 'docs']);

/** Every README.md under `root` (build output and dependencies left out), sorted. */
export function findReadmes(root: string, dir = root): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) found.push(...findReadmes(root, join(dir, entry.name)));
    } else if (entry.name === 'README.md') {
      found.push(relative(root, join(dir, entry.name)));
    }
  }
  return found.sort();
}

/** Every block of every README under `root`. */
export function readmeBlocks(root: string): ReadmeBlock[] {
  return findReadmes(root).flatMap((file) => blocksOf(readFileSync(join(root, file), 'utf8'), file));
}
