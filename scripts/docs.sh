#!/usr/bin/env bash
# Builds the API reference for every package into docs/api (typedoc over each package's built types).
set -euo pipefail
cd "$(dirname "$0")/.."
pnpm -r --workspace-concurrency=2 --filter './packages/*' build >/dev/null
pnpm exec typedoc "$@"
echo "API reference written to docs/api/index.html"
