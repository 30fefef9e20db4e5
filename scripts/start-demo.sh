#!/usr/bin/env bash
# Starts the demo site on http://127.0.0.1:5173 (installs and builds what it needs first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh
pnpm -r --filter '@trialogue/demo^...' build >/dev/null
exec pnpm --filter @trialogue/demo dev
