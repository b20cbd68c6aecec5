#!/usr/bin/env node
// Build a platform-specific VSIX with the gongwen-ls server inside.
//
//   npm run package                                   # this machine's target (linux-x64 here)
//   npm run package -- --target win32-x64 --cargo-target x86_64-pc-windows-gnu
//   npm run package -- --target darwin-arm64 --server /path/to/gongwen-ls   # prebuilt binary
//   npm run package -- --universal --server win32-x64=gongwen-ls.exe --server linux-x64=… \
//       --server linux-arm64=… --server linux-loong64=…     # one VSIX for every machine
//
// Steps: cargo build --release -p gongwen-ls at the repository root (unless --server is given),
// copy the binary to server/ (server/<target>/ in a universal VSIX), check that it fits the target
// (format and architecture), type-check and bundle the extension with esbuild, and run
// `vsce package [--target T] --no-dependencies`. Nothing is downloaded: the VSIX works offline.
// scripts/release builds the servers for every target and calls this script.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  TARGETS,
  bundledPath,
  cargoExecutable,
  checkBinaryForTarget,
  hostTarget,
  missingUniversalTargets,
  parseArgs,
  rustTargetMatches,
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
/** target → binary path to bundle. */
const servers = {};
const serverDir = path.join(root, 'server');
const mib = (p) => (fs.statSync(p).size / 1048576).toFixed(1);

if (opts.universal) {
  const { missing, error } = missingUniversalTargets(opts.servers, opts.partial);
  if (error) fail(error);
  if (missing.length > 0) console.warn(`package: partial universal VSIX, no server for ${missing.join(', ')}`);
  for (const [t, p] of Object.entries(opts.servers)) servers[t] = path.resolve(p);
} else {
  const target = opts.target ?? host;
  if (!target || !(target in TARGETS)) {
    fail(`unknown or missing --target (known: ${Object.keys(TARGETS).join(', ')})`);
  }
  if (TARGETS[target].vsce === false) {
    fail(`VS Code has no platform-specific VSIX for ${target}: put its server in the universal VSIX (--universal --server ${target}=PATH)`);
  }
  if (opts.cargoTarget && !rustTargetMatches(target, opts.cargoTarget)) {
    fail(`--cargo-target ${opts.cargoTarget} does not build for ${target} (expected ${TARGETS[target].rust})`);
  }
  if (target !== host && !opts.cargoTarget && !opts.server) {
    fail(
      `target ${target} is not this machine (${host ?? 'unknown'}): pass --cargo-target ${TARGETS[target].rust} ` +
        `to cross-compile, or --server PATH with a binary built elsewhere (see docs/vscode.md, scripts/release)`,
    );
  }
  if (opts.server) {
    servers[target] = path.resolve(opts.server);
  } else {
    // 1. The server binary.
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
    servers[target] = cargoExecutable(r.stdout);
    if (!servers[target]) fail('cargo build did not report a gongwen-ls executable');
  }
}

fs.rmSync(serverDir, { recursive: true, force: true });
for (const [target, binary] of Object.entries(servers)) {
  if (!fs.existsSync(binary)) fail(`--server ${binary} does not exist`);
  const problem = checkBinaryForTarget(fs.readFileSync(binary), target);
  if (problem) fail(`${binary}: ${problem}`);
  const dest = path.join(root, bundledPath(target, opts.universal));
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(binary, dest);
  fs.chmodSync(dest, 0o755);
  console.log(`server (${target}): ${binary} -> ${path.relative(root, dest)} (${mib(dest)} MiB)`);
}

// 2. Type-check and bundle.
run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root, '--noEmit']);
run(process.execPath, [path.join(root, 'scripts', 'bundle.mjs')], { cwd: root });

// 3. The VSIX.
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const label = opts.universal ? 'universal' : Object.keys(servers)[0];
const out = path.resolve(root, opts.out ?? `${pkg.name}-${pkg.version}-${label}.vsix`);
const vsceArgs = ['package', '--no-dependencies', '--allow-missing-repository', '--out', out];
if (!opts.universal) vsceArgs.push('--target', label);
run(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), ...vsceArgs], { cwd: root });
console.log(`VSIX: ${out} (${mib(out)} MiB)`);
