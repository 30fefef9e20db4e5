#!/usr/bin/env bash
# Installs what the project needs on a fresh machine with only Node 20 and npm:
# pnpm (the version pinned in package.json), the workspace packages, and, when asked, Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

want_pnpm=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version 2>/dev/null)" != "$want_pnpm" ]]; then
  echo "» installing pnpm $want_pnpm"
  npm install -g "pnpm@$want_pnpm" --no-fund --no-audit >/dev/null
fi

echo "» installing workspace packages"
pnpm install --frozen-lockfile --prefer-offline

if [[ "${1:-}" == "--browser" ]] && [[ ! -x /usr/bin/chromium ]]; then
  echo "» installing Debian's chromium for browser tests"
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
