#!/usr/bin/env node
// The consumer's side of scripts/release-dry-run.sh.
//
//   node scripts/check-tarballs.mjs prepare <tarballs> <consumer>
//     writes <consumer>/package.json: every tarball as a dependency, and pnpm overrides so the
//     packages' dependencies on each other resolve to the tarballs too (not to a registry).
//   node scripts/check-tarballs.mjs check <tarballs> <consumer> <a package folder that has esbuild>
//     imports every public entry point of every installed package in Node (ESM `import`, and
//     `require` where the package ships CommonJS), runs every `bin` with --version, and bundles
//     every browser entry for the browser with esbuild.
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const [command, tarballsArg, consumerArg, esbuildFrom = '.'] = process.argv.slice(2);
const tarballs = resolve(tarballsArg);
const consumer = resolve(consumerArg);

/** `{ file, manifest }` of every tarball, read without unpacking it. */
function readTarballs() {
  return readdirSync(tarballs)
    .filter((file) => file.endsWith('.tgz'))
    .sort()
    .map((file) => ({
      file,
      manifest: JSON.parse(
        execFileSync('tar', ['-xzOf', join(tarballs, file), 'package/package.json'], { encoding: 'utf8' }),
      ),
    }));
}

if (command === 'prepare') {
  const packed = readTarballs();
  const specs = Object.fromEntries(
    packed.map(({ file, manifest }) => [manifest.name, `file:${join(tarballs, file)}`]),
  );
  // Optional peers (msw for `@trialogue/providers/testing/msw`): a user of those entries installs them.
  const peers = Object.assign(
    {},
    ...packed.map(({ manifest }) =>
      Object.fromEntries(
        Object.entries(manifest.peerDependencies ?? {}).filter(([name]) => !(name in specs)),
      ),
    ),
  );
  const manifest = {
    name: 'trialogue-consumer',
    private: true,
    type: 'module',
    dependencies: { ...peers, ...specs },
    pnpm: { overrides: specs },
  };
  writeFileSync(join(consumer, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  process.exit(0);
}

if (command !== 'check') throw new Error(`unknown command ${command}; expected prepare or check`);

const failures = [];
const browserEntries = [];
const esmEntries = [];
const cjsEntries = [];

/** Entry points of an `exports` map: `{ spec, subpath, esm, cjs }`, `./package.json` left out. */
function entryPoints(manifest) {
  const exports = manifest.exports ?? { '.': manifest.main };
  return Object.entries(exports)
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, target]) => ({
      spec: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
      subpath,
      esm: typeof target === 'string' || 'import' in target || 'default' in target,
      cjs: typeof target === 'object' && 'require' in target,
    }));
}

/** Loads every spec from a script inside the consumer project, as a user's code would. */
function loadAll(file, specs, load) {
  const source = `const specs = ${JSON.stringify(specs)};
let failed = 0;
for (const spec of specs) {
  try {
    const module = ${load};
    const names = Object.keys(module);
    console.log(\`  ${file.endsWith('.cjs') ? 'require' : 'import'}  \${spec}: \${names.length ? names.length + ' exports' : 'loaded (side effects only, no exports)'}\`);
  } catch (error) {
    failed++;
    console.error(\`  FAILED \${spec}: \${error && error.message}\`);
  }
}
process.exitCode = failed ? 1 : 0;
`;
  writeFileSync(join(consumer, file), source);
  try {
    execFileSync(process.execPath, [file], { cwd: consumer, stdio: 'inherit' });
  } catch {
    failures.push(`${file}: some entry points did not load (above)`);
  }
}

for (const { manifest } of readTarballs()) {
  const isNodeProgram = manifest.bin !== undefined;
  for (const entry of entryPoints(manifest)) {
    // The script-tag build (`./trialogue.js`) is a browser file that only defines elements: bundled below.
    const browserFile = entry.subpath.endsWith('.js');
    if (entry.esm && !browserFile) esmEntries.push(entry.spec);
    if (entry.cjs) cjsEntries.push(entry.spec);
    // Test helpers run in Node (a loopback server, msw); the CLI is a Node program.
    if (!isNodeProgram && !entry.subpath.startsWith('./testing')) browserEntries.push(entry.spec);
  }
  for (const [bin, path] of Object.entries(
    typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {}),
  )) {
    try {
      const out = execFileSync(join(consumer, 'node_modules', '.bin', bin), ['--version'], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      }).trim();
      // The binary was built before `changeset version` bumped the copy's manifest (a real release
      // builds after it), so it may print the version before the bump: any version will do here.
      if (!/^\d+\.\d+\.\d+/.test(out)) throw new Error(`--version printed "${out}", not a version`);
      console.log(`  ${bin} (${path}) --version: ${out}`);
    } catch (error) {
      failures.push(`bin ${bin}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

loadAll('import-all.mjs', esmEntries, 'await import(spec)');
loadAll('require-all.cjs', cjsEntries, 'require(spec)');

// One browser bundle of every browser entry point, resolved from the consumer's node_modules.
const { build } = createRequire(join(resolve(esbuildFrom), 'package.json'))('esbuild');
const entryFile = join(consumer, 'browser-entry.js');
writeFileSync(
  entryFile,
  browserEntries
    .map((spec, i) => (spec.endsWith('.js') ? `import '${spec}';` : `export * as entry${i} from '${spec}';`))
    .join('\n'),
);
try {
  const result = await build({
    entryPoints: [entryFile],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
    absWorkingDir: consumer,
  });
  const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0);
  console.log(
    `  browser bundle of ${browserEntries.length} entry points: ${(bytes / 1024).toFixed(1)} KB minified`,
  );
} catch (error) {
  failures.push(`browser bundle: ${error instanceof Error ? error.message : String(error)}`);
}

if (failures.length > 0) {
  console.error(`tarball check failed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  process.exit(1);
}
console.log(`  ${esmEntries.length} ESM and ${cjsEntries.length} CommonJS entry points loaded in Node`);
