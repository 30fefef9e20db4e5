#!/usr/bin/env bash
# Starts the demo site on http://127.0.0.1:5173 (or the next free port; installs and builds what it needs first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh
# The site builds our packages from source (no package build needed), then serves the built folder:
# port 5173, or the next free one. No key and no network needed: offline sample models answer.
exec pnpm --filter @trialogue/demo start
