#!/usr/bin/env bash
# A release, rehearsed without publishing anything. Needs the packages built (`pnpm -r build`).
#
#  1. Copies the repository (with its built dist/ folders) to a temporary folder and runs
#     `changeset version` there, so the versions and CHANGELOG.md files a release would write are
#     exercised without touching this tree.
#  2. `pnpm pack`s every published package of that copy.
#  3. Checks each tarball with `publint --strict` and `attw` (profiles chosen below).
#  4. Installs the tarballs into an empty project and imports every public entry point in Node
#     (ESM and, where shipped, CommonJS), runs the CLI's binary, and bundles every browser entry
#     with esbuild (scripts/check-tarballs.mjs).
#
# The install is offline: the packages' dependencies come from the pnpm store `pnpm install`
# already filled. When the local metadata cache cannot resolve a range offline (a fresh machine
# whose store was filled from the lockfile alone), it falls back to --prefer-offline, which asks
# the registry for metadata only and still takes every tarball it has from the store.
#
# Usage: bash scripts/release-dry-run.sh [--keep]   (--keep leaves the temporary folder for a look)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
keep=${1:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/trialogue-release.XXXXXX")
if [[ "$keep" != "--keep" ]]; then trap 'rm -rf "$work"' EXIT; fi

# Published packages: every workspace package.json without "private": true.
mapfile -t packages < <(node -e '
  const { readdirSync, readFileSync, existsSync } = require("node:fs");
  for (const parent of ["packages", "apps"]) for (const name of readdirSync(parent).sort()) {
    const file = `${parent}/${name}/package.json`;
    if (existsSync(file) && !JSON.parse(readFileSync(file, "utf8")).private) console.log(`${parent}/${name}`);
  }')

for dir in "${packages[@]}"; do
  [[ -d "$dir/dist" ]] || { echo "release dry run: $dir/dist is missing; run \`pnpm -r build\` first" >&2; exit 1; }
done

echo "» release dry run in $work"
mkdir -p "$work/repo" "$work/tarballs" "$work/consumer"
# The packages' own node_modules are symlinks (siblings, ../../node_modules/.pnpm): they come along,
# so `pnpm pack` resolves `workspace:^` to the copy's new versions; the root node_modules is borrowed
# read-only through a symlink (changesets finds its changelog generator there).
tar -C "$repo" --exclude=./node_modules --exclude=./.git --exclude=.turbo --exclude=./docs/api \
  --exclude='*.tgz' --exclude=coverage --exclude=.vite -cf - . | tar -C "$work/repo" -xf -
ln -s "$repo/node_modules" "$work/repo/node_modules"

(cd "$work/repo" && "$repo/node_modules/.bin/changeset" version >/dev/null)
for dir in "${packages[@]}"; do
  node -e '
    const [dir, before] = process.argv.slice(1);
    const m = require(`${dir}/package.json`);
    const was = require(`${before}/package.json`).version;
    console.log(`  ${m.name} ${was} -> ${m.version}${was === m.version ? " (no changeset)" : ""}`);
  ' "$work/repo/$dir" "$repo/$dir"
  (cd "$work/repo/$dir" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
done

echo "» publint --strict and attw on every tarball"
failed=0
for tarball in "$work"/tarballs/*.tgz; do
  name=$(basename "$tarball")
  # Every tarball must carry the license, its README and a changelog.
  listing=$(tar -tzf "$tarball")
  for file in package/LICENSE package/README.md package/CHANGELOG.md; do
    grep -qx "$file" <<<"$listing" || { echo "  $name: $file is missing from the tarball" >&2; failed=1; }
  done
  if out=$(pnpm exec publint run "$tarball" --strict --pack false 2>&1); then
    echo "  $name: publint --strict ok"
  else
    echo "$out" | grep -v '^Running\|^Unpacking\|^Linting' | sed "s/^/  $name: /" >&2
    failed=1
  fi
  # attw profiles, chosen per package:
  # - dual ESM + CommonJS packages (core, providers, debate) claim every resolution TypeScript has,
  #   including the old `node10` one that ignores `exports` (typesVersions maps their subpaths), so
  #   they get the default `strict` profile;
  # - ESM-only packages (the web components, whose elements need a browser; the CLI, a Node
  #   program with one typed entry) ship no CommonJS: `esm-only` skips node10 and node16-from-CJS,
  #   where `require()` of an ES module is not something we promise (Node >= 20.19 can do it, but
  #   TypeScript still reports it).
  # The web components' `./trialogue.js` is the script-tag build (`<script type="module" src>`):
  # a file a page loads for its side effect, not a module anyone imports for types.
  attw=(--profile esm-only --exclude-entrypoints ./trialogue.js)
  case "$name" in
    trialogue-core-* | trialogue-providers-* | trialogue-debate-*) attw=(--profile strict) ;;
  esac
  # Our packages ship their own types: no @types lookup on the registry (keeps it offline).
  attw+=(--no-definitely-typed)
  if pnpm exec attw "$tarball" "${attw[@]}" --quiet; then
    echo "  $name: attw ${attw[*]} ok"
  else
    pnpm exec attw "$tarball" "${attw[@]}" --format table-flipped --no-emoji --no-color >&2 || true
    failed=1
  fi
done
if [[ $failed -ne 0 ]]; then
  echo "release dry run: the tarballs above are not publishable" >&2
  exit 1
fi

echo "» installing the tarballs into an empty project"
node "$repo/scripts/check-tarballs.mjs" prepare "$work/tarballs" "$work/consumer"
store=$(pnpm store path)
install() { (cd "$work/consumer" && pnpm install --store-dir "$store" --ignore-workspace --config.confirmModulesPurge=false "$@" >"$work/install.log" 2>&1); }
if install --offline; then
  echo "  installed offline (store + tarballs)"
elif install --prefer-offline; then
  echo "  installed with --prefer-offline (the metadata cache lacked a range; tarballs came from the store)"
else
  cat "$work/install.log" >&2
  exit 1
fi

echo "» importing every entry point in Node, bundling every browser entry with esbuild"
node "$repo/scripts/check-tarballs.mjs" check "$work/tarballs" "$work/consumer" "$repo/packages/web-components"
echo "release dry run: ok"
