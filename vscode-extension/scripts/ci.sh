#!/usr/bin/env bash
# CI for the VS Code extension, from a clean Debian 12 machine (run as root):
#   1. apt packages: Chromium and CJK fonts for the browser test, the headers code-server's
#      native modules build against, ripgrep (skipped when all are installed);
#   2. npm ci for the extension, then for e2e/ (code-server + playwright-core), after seeding
#      @vscode/ripgrep's download cache with Debian's rg (its postinstall would fetch from GitHub);
#   3. npm run package: cargo build --release -p gongwen-ls and the linux-x64 VSIX, then a
#      universal VSIX (server/<platform>-<arch>/, picked at run time) with that server only;
#   4. npm test: unit tests, then the end-to-end test in code-server + Chromium on the universal
#      VSIX (scripts/release builds the full one, with every machine's server).
# Needs Node 20 + npm and a Rust toolchain (both on the project's machines).
set -euo pipefail

cd "$(dirname "$0")/.."
EXT_DIR="$PWD"
START=$SECONDS

phase() {
  printf '\n=== %s (%ds) ===\n' "$1" "$((SECONDS - START))"
}

phase "system packages"
APT_PACKAGES=(
  chromium fonts-noto-cjk ripgrep
  libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config
  g++ make python3
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "all present: ${APT_PACKAGES[*]}"
fi

for tool in node npm cargo; do
  command -v "$tool" >/dev/null || { echo "ci.sh: $tool is required" >&2; exit 1; }
done
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "ci.sh: Node 20 or newer is required (found $(node --version))" >&2
  exit 1
fi

phase "npm ci (extension)"
npm ci --no-audit --no-fund

phase "npm ci (e2e: code-server, playwright-core)"
# @vscode/ripgrep's postinstall downloads from GitHub unless its cache holds the asset: seed it
# with Debian's rg.
d=$(mktemp -d); cp "$(command -v rg)" "$d/rg"; c="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
mkdir -p "$c"; tar czf "$c/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$d" rg
rm -rf "$d"
# argon2 (loaded by code-server) builds from source when its prebuilt binary cannot be fetched;
# node-gyp must then use the installed Node headers instead of downloading them.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi
(cd e2e && npm_config_yes=true npm_config_unsafe_perm=true npm ci --no-audit --no-fund)
test -f e2e/node_modules/argon2/lib/binding/napi-v3/argon2.node || {
  echo "ci.sh: argon2's native module was not built (code-server cannot start)" >&2
  exit 1
}

phase "npm run package (release server + VSIX)"
rm -f "$EXT_DIR"/*.vsix
npm run package
npm run package -- --universal --partial --server "linux-x64=$EXT_DIR/../target/release/gongwen-ls"
export GONGWEN_VSIX="$(ls "$EXT_DIR"/*-universal.vsix)"

phase "npm test (unit + end-to-end)"
npm test

phase "done"
