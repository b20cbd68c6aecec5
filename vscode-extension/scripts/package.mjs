#!/usr/bin/env node
// Build a platform-specific VSIX with the gongwen-ls server inside.
//
//   npm run package                                   # this machine's target (linux-x64 here)
//   npm run package -- --target win32-x64 --cargo-target x86_64-pc-windows-gnu
//   npm run package -- --target darwin-arm64 --server /path/to/gongwen-ls   # prebuilt binary
//
// Steps: cargo build --release -p gongwen-ls at the repository root (unless --server is given),
// copy the binary to server/, check that it fits the target (format and architecture),
// type-check and bundle the extension with esbuild, and run
// `vsce package --target T --no-dependencies`. Nothing is downloaded: the VSIX works offline.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  TARGETS,
  cargoExecutable,
  checkBinaryForTarget,
  hostTarget,
  parseArgs,
  rustTargetMatches,
  serverFileName,
} from './packaging.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(root, '..');

function fail(msg) {
  console.error(`package: ${msg}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) fail(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} exited with ${r.status ?? r.signal}`);
  return r;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  fail(e.message);
}

const host = hostTarget();
const target = opts.target ?? host;
if (!target || !(target in TARGETS)) {
  fail(`unknown or missing --target (known: ${Object.keys(TARGETS).join(', ')})`);
}
if (opts.cargoTarget && !rustTargetMatches(target, opts.cargoTarget)) {
  fail(`--cargo-target ${opts.cargoTarget} does not build for ${target} (expected ${TARGETS[target].rust})`);
}
if (target !== host && !opts.cargoTarget && !opts.server) {
  fail(
    `target ${target} is not this machine (${host ?? 'unknown'}): pass --cargo-target ${TARGETS[target].rust} ` +
      `to cross-compile, or --server PATH with a binary built elsewhere (see docs/vscode.md)`,
  );
}

// 1. The server binary.
let binary;
if (opts.server) {
  binary = path.resolve(opts.server);
  if (!fs.existsSync(binary)) fail(`--server ${binary} does not exist`);
} else {
  const args = ['build', '--release', '-p', 'gongwen-ls', '--message-format=json-render-diagnostics'];
  if (opts.cargoTarget) args.push('--target', opts.cargoTarget);
  console.log(`$ cargo ${args.join(' ')}   (in ${repo})`);
  const r = spawnSync('cargo', args, {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) fail(`cargo: ${r.error.message} (is the Rust toolchain installed?)`);
  if (r.status !== 0) fail(`cargo build failed (exit ${r.status})`);
  binary = cargoExecutable(r.stdout);
  if (!binary) fail('cargo build did not report a gongwen-ls executable');
}
const problem = checkBinaryForTarget(fs.readFileSync(binary), target);
if (problem) fail(`${binary}: ${problem}`);

const serverDir = path.join(root, 'server');
fs.rmSync(serverDir, { recursive: true, force: true });
fs.mkdirSync(serverDir, { recursive: true });
const dest = path.join(serverDir, serverFileName(target));
fs.copyFileSync(binary, dest);
fs.chmodSync(dest, 0o755);
console.log(`server: ${binary} -> ${path.relative(root, dest)} (${(fs.statSync(dest).size / 1048576).toFixed(1)} MiB)`);

// 2. Type-check and bundle.
run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root, '--noEmit']);
run(process.execPath, [path.join(root, 'scripts', 'bundle.mjs')], { cwd: root });

// 3. The VSIX.
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.resolve(root, opts.out ?? `${pkg.name}-${pkg.version}-${target}.vsix`);
run(
  process.execPath,
  [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--target', target, '--no-dependencies', '--allow-missing-repository', '--out', out],
  { cwd: root },
);
console.log(`VSIX: ${out} (${(fs.statSync(out).size / 1048576).toFixed(1)} MiB)`);
