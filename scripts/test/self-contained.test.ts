/**
 * The repository stands on its own: nothing in it reads a folder beside it. A clone with no
 * `shared` folder next to it must behave exactly like one with it, so any path that climbs out of the
 * repository to a `shared` folder (the old home of the fixtures and the design notes) fails here.
 *
 * Every text file git knows (tracked or new, not ignored) is read, Markdown included; a relative
 * path is resolved from the file that holds it. A climb to a `shared` folder inside the repository
 * (a package's own `src/shared/`) is fine when that folder exists; anything that lands outside the repository,
 * or on a `shared` folder that is not there, is reported with its file and line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** The folder beside the repository, spelt in pieces so this file never names it whole. */
const beside = ['..', 'shared'].join('/');

/** `(../)+shared` as written in code, comments or prose, with what follows it up to a delimiter. */
const CLIMB = /((?:\.\.\/)+)shared\b([^\s'"`)\]},;]*)/g;
/** The same climb written from the repository root (`<repoRoot>/` then the climb) in prose or code. */
const ROOT_CLIMB = /(?:repo(?:sitory)?[ _-]?root|<repoRoot>)\W{0,6}\.\.\/shared/gi;

interface Escape {
  file: string;
  line: number;
  text: string;
}

/** The places in `text` (the contents of `file`, relative to `repoRoot`) that reach outside the repo. */
function escapesIn(repoRoot: string, file: string, text: string): Escape[] {
  const found: Escape[] = [];
  const lines = text.split('\n');
  lines.forEach((lineText, index) => {
    const outside = [...lineText.matchAll(ROOT_CLIMB)].map((match) => match[0]);
    for (const match of lineText.matchAll(CLIMB)) {
      const target = resolve(repoRoot, dirname(file), `${match[1]}shared`);
      const inside = target.startsWith(repoRoot.endsWith(sep) ? repoRoot : repoRoot + sep);
      if (!inside || !existsSync(target)) outside.push(match[0]);
    }
    // One report per line, with the first thing found on it.
    if (outside.length > 0) found.push({ file, line: index + 1, text: outside[0]! });
  });
  return found;
}

/** Text files git would commit: tracked and new, ignored ones left out. */
function repoFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...new Set(listed.split('\0').filter(Boolean))].filter(
    (file) =>
      !/\.(png|jpe?g|gif|ico|woff2?|tgz|gz|zip|pdf|wasm)$/i.test(file) && existsSync(join(root, file)),
  );
}

describe('the repository stands on its own', () => {
  it('has the fixtures its tests read, inside it', () => {
    expect(existsSync(join(root, 'fixtures/provider-streams/openai-chat/openai-text.chunks.txt'))).toBe(true);
    expect(existsSync(join(root, 'fixtures/xss/dompurify-payloads.json'))).toBe(true);
    expect(readFileSync(join(root, 'fixtures/NOTICE'), 'utf8')).toContain('Apache License');
  });

  it('no file reads or links a folder beside the repository (the old shared folder)', () => {
    const self = relative(root, fileURLToPath(import.meta.url)); // its examples below are on purpose
    const escapes = repoFiles().flatMap((file) => {
      if (file === self) return [];
      const text = readFileSync(join(root, file), 'utf8');
      return text.includes('shared') ? escapesIn(root, file, text) : [];
    });
    expect(escapes.map((e) => `${e.file}:${e.line}: ${e.text}`)).toEqual([]);
  });

  it('the check catches a climb out of the repository, and lets a package-local shared folder through', () => {
    const inRepo = relative(root, join(root, 'packages/web-components/src/chat/strings.ts'));
    // A folder that exists inside the repository: allowed.
    const local = existsSync(join(root, 'packages/web-components/src/shared'));
    expect(escapesIn(root, inRepo, `import { m } from '${beside}/messages.js';`)).toHaveLength(local ? 0 : 1);
    // Out of the repository, in code and in prose.
    const test = 'packages/core/test/x.test.ts';
    expect(
      escapesIn(root, test, `new URL('../../../${beside}/fixtures/a.txt', import.meta.url)`),
    ).toHaveLength(1);
    expect(escapesIn(root, 'README.md', `Design: \`${beside}/DESIGN.md\`.`)).toHaveLength(1);
    expect(escapesIn(root, 'src/a.ts', `/** read from \`<repoRoot>/${beside}\` */`)).toHaveLength(1);
    // A `shared` folder inside the repository that does not exist: reported, it cannot be read.
    expect(escapesIn(root, 'bench/src/wires.ts', ` * recorded streams in ${beside}/fixtures/x`)).toHaveLength(
      1,
    );
  });
});
