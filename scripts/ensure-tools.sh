#!/usr/bin/env bash
# Installs what the project needs on a fresh machine with only Node 20 and npm:
# pnpm (the version pinned in package.json), the workspace packages, and, when asked, Debian's Chromium and tmux.
set -euo pipefail
cd "$(dirname "$0")/.."

want_pnpm=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version 2>/dev/null)" != "$want_pnpm" ]]; then
  echo "» installing pnpm $want_pnpm"
  npm install -g "pnpm@$want_pnpm" --no-fund --no-audit >/dev/null
fi

echo "» installing workspace packages"
pnpm install --frozen-lockfile --prefer-offline

# The browser tests need Debian's chromium; the terminal tests need tmux (they skip without it,
# which would hide a broken terminal view, so the test run installs both).
if [[ "${1:-}" == "--browser" ]]; then
  missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  command -v tmux >/dev/null 2>&1 || missing+=(tmux)
  if ((${#missing[@]})); then
    echo "» installing Debian's ${missing[*]} for the browser and terminal tests"
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
