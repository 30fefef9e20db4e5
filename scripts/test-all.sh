#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what is needed, builds every package (the CLI's
# tests spawn the built binary), type-checks, lints, builds the API reference, then runs the whole
# vitest suite once and prints 'N passed, N failed'.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh --browser

echo "» building"
pnpm -r --workspace-concurrency=2 build >/dev/null
echo "» type-checking"
pnpm -r --workspace-concurrency=2 typecheck
echo "» linting"
pnpm exec biome lint .
echo "» API reference (typedoc)"
pnpm exec typedoc --logLevel Error

echo "» testing"
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile=.test-results.json || status=$?
node -e '
const r = require("./.test-results.json");
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
if (r.numTotalTests === 0) { console.error("no tests ran"); process.exit(1); }
' || status=1
exit $status
