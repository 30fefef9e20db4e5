#!/usr/bin/env bash
# Builds the API reference for every library into docs/api: typedoc over each package's public
# subpaths (packages/*/typedoc.json), with warnings shown and treated as errors, as CI does.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
pnpm -r --workspace-concurrency=2 --filter './packages/*' build >/dev/null
pnpm exec typedoc --treatWarningsAsErrors "$@"
echo "API reference written to docs/api/index.html"
