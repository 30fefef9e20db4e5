#!/usr/bin/env node
// Keeps the publishing metadata of every workspace package in step with the root package.json,
// which is the one place it is written: `repository`, `homepage`, `bugs`, `license`, `author`,
// `engines` (one range everywhere), a LICENSE file in every published package (a copy of the root
// one, listed in `files` with README.md and CHANGELOG.md), non-empty `keywords`, and
// `typesVersions` for every subpath of a package that also ships CommonJS (so TypeScript's old
// `node10` resolution, which ignores `exports`, still finds the types of `@trialogue/core/testing`),
// and each library's typedoc.json (one entry point per public subpath).
//
//   node scripts/package-metadata.mjs          check; exits 1 and lists what differs
//   node scripts/package-metadata.mjs --write  fix what can be derived (keywords stay hand-written)
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const write = process.argv.includes('--write');
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
const problems = [];

/** Workspace folders, from pnpm-workspace.yaml's `packages/*`, `apps/*`, `bench`. */
function workspaceDirs() {
  const dirs = [];
  for (const line of readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8').split('\n')) {
    const match = /^\s+-\s+["']?([^"'\s]+)["']?\s*$/.exec(line);
    if (!match) continue;
    if (!match[1].endsWith('/*')) dirs.push(match[1]);
    else {
      const parent = match[1].slice(0, -2);
      for (const name of readdirSync(join(root, parent)).sort()) dirs.push(`${parent}/${name}`);
    }
  }
  return dirs.filter((dir) => existsSync(join(root, dir, 'package.json')));
}

/** Where a missing key goes: after the first of these that the manifest has. */
const anchors = {
  license: ['description', 'name'],
  author: ['license'],
  repository: ['author', 'license'],
  homepage: ['repository'],
  bugs: ['homepage'],
  engines: ['sideEffects', 'type', 'bugs', 'private', 'version'],
  files: ['engines'],
  typesVersions: ['exports', 'types'],
};

/** `manifest` with `key` set to `value`, a new key placed by `anchors` (the rest keeps its order). */
function place(manifest, key, value) {
  if (value === undefined) {
    const { [key]: _dropped, ...rest } = manifest;
    return rest;
  }
  if (key in manifest) return { ...manifest, [key]: value };
  const after = (anchors[key] ?? []).find((anchor) => anchor in manifest);
  const out = {};
  if (after === undefined) Object.assign(out, { [key]: value });
  for (const [k, v] of Object.entries(manifest)) {
    out[k] = v;
    if (k === after) out[key] = value;
  }
  return out;
}

/** `typesVersions` for every subpath that has types, when the package also ships CommonJS. */
function typesVersionsFor(manifest) {
  const exports = manifest.exports ?? {};
  const dual = Object.values(exports).some((target) => typeof target === 'object' && 'require' in target);
  if (!dual) return undefined;
  const map = {};
  for (const [subpath, target] of Object.entries(exports)) {
    if (subpath === '.' || typeof target !== 'object') continue;
    const types = target.import?.types ?? target.types;
    if (types) map[subpath.slice(2)] = [types];
  }
  return Object.keys(map).length > 0 ? { '*': map } : undefined;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A library's typedoc.json: one entry point per public subpath (`./chat` -> `src/chat/index.ts`),
 * so the API reference covers exactly what `exports` publishes. Script files (`./trialogue.js`)
 * and `./package.json` have no API.
 */
function typedocFor(manifest) {
  const subpaths = Object.keys(manifest.exports ?? { '.': null }).filter(
    (subpath) => subpath !== './package.json' && !subpath.endsWith('.js'),
  );
  return {
    $schema: 'https://typedoc.org/schema.json',
    entryPoints: subpaths.map((subpath) =>
      subpath === '.' ? 'src/index.ts' : `src/${subpath.slice(2)}/index.ts`,
    ),
  };
}

for (const dir of workspaceDirs()) {
  const file = join(root, dir, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  const want = { engines: rootManifest.engines };
  if (!manifest.private) {
    Object.assign(want, {
      license: rootManifest.license,
      author: rootManifest.author,
      repository: { ...rootManifest.repository, directory: dir },
      homepage: `${rootManifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')}/tree/main/${dir}#readme`,
      bugs: rootManifest.bugs,
      typesVersions: typesVersionsFor(manifest),
    });
    const files = manifest.files ?? [];
    const wantFiles = [
      ...files,
      ...['LICENSE', 'CHANGELOG.md', 'README.md'].filter((f) => !files.includes(f)),
    ];
    if (!same(files, wantFiles)) want.files = wantFiles;
    if (!Array.isArray(manifest.keywords) || manifest.keywords.length === 0) {
      problems.push(`${dir}/package.json: no keywords (write a few by hand)`);
    }
    const licenseFile = join(root, dir, 'LICENSE');
    if (!existsSync(licenseFile) || readFileSync(licenseFile, 'utf8') !== license) {
      problems.push(`${dir}/LICENSE: missing or not the root LICENSE`);
      if (write) copyFileSync(join(root, 'LICENSE'), licenseFile);
    }
    if (!existsSync(join(root, dir, 'CHANGELOG.md'))) problems.push(`${dir}/CHANGELOG.md: missing`);
    if (dir.startsWith('packages/')) {
      const typedocFile = join(root, dir, 'typedoc.json');
      const wantTypedoc = `${JSON.stringify(typedocFor(manifest), null, 2)}\n`;
      if (!existsSync(typedocFile) || readFileSync(typedocFile, 'utf8') !== wantTypedoc) {
        problems.push(`${dir}/typedoc.json: should list one entry point per public subpath`);
        if (write) writeFileSync(typedocFile, wantTypedoc);
      }
    }
  }
  const wrong = Object.keys(want).filter((key) => !same(manifest[key], want[key]));
  for (const key of wrong) {
    problems.push(`${dir}/package.json: "${key}" should be ${JSON.stringify(want[key])}`);
  }
  if (write && wrong.length > 0) {
    // Re-read right before writing: other people edit these files (exports, dependencies).
    let fresh = JSON.parse(readFileSync(file, 'utf8'));
    for (const key of wrong)
      fresh = place(fresh, key, key === 'typesVersions' ? typesVersionsFor(fresh) : want[key]);
    writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`);
  }
}

if (problems.length > 0) {
  console.error(problems.map((p) => `  ${p}`).join('\n'));
  if (!write) {
    console.error('package metadata is out of step: run `node scripts/package-metadata.mjs --write`');
    process.exit(1);
  }
  console.log('package metadata written');
} else {
  console.log('package metadata: every package in step with the root package.json');
}
