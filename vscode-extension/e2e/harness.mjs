// Processes and files for the end-to-end test: a code-server on a random free port of 127.0.0.1
// with its own user-data, extensions and XDG folders in a temp dir, and Debian's Chromium
// driven by playwright-core. Everything started here is stopped by `stopAll()` (also on
// failure, on SIGINT/SIGTERM and at process exit).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const EXT_ROOT = path.resolve(E2E_DIR, '..');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The VSIX under test: $GONGWEN_VSIX, else the newest universal VSIX in vscode-extension/, else
 * the newest linux-x64 one.
 */
export function findVsix() {
  if (process.env.GONGWEN_VSIX) {
    const p = path.resolve(process.env.GONGWEN_VSIX);
    if (!fs.existsSync(p)) throw new Error(`GONGWEN_VSIX=${p} does not exist`);
    return p;
  }
  for (const suffix of ['-universal.vsix', '-linux-x64.vsix']) {
    const candidates = fs
      .readdirSync(EXT_ROOT)
      .filter((f) => f.endsWith(suffix))
      .map((f) => path.join(EXT_ROOT, f))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    if (candidates.length > 0) return candidates[0];
  }
  throw new Error('no *-universal.vsix or *-linux-x64.vsix in vscode-extension/: run `npm run package` first');
}

/** The server a VSIX installed at `extDir` starts on this machine (linux-x64): universal or single. */
export function bundledServer(extDir) {
  for (const rel of [path.join('server', 'linux-x64', 'gongwen-ls'), path.join('server', 'gongwen-ls')]) {
    if (fs.existsSync(path.join(extDir, rel))) return rel;
  }
  return undefined;
}

export function codeServerBin() {
  const bin = path.join(E2E_DIR, 'node_modules', '.bin', 'code-server');
  if (!fs.existsSync(bin)) {
    throw new Error('code-server is not installed: run `npm ci` in vscode-extension/e2e (see scripts/ci.sh)');
  }
  return bin;
}

export function chromiumPath() {
  const p = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(p)) throw new Error(`Chromium not found at ${p}: apt-get install chromium`);
  return p;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const children = new Set();
let exitHooked = false;

function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const c of children) killGroup(c.pid, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      for (const c of children) killGroup(c.pid, 'SIGKILL');
      process.exit(130);
    });
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Processes (other than ourselves) whose command line mentions `marker` (our temp dir). */
export function processesMentioning(marker) {
  const found = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(marker)) found.push({ pid: Number(d), cmd: cmd.trim() });
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

export class Workspace {
  constructor() {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'gongwen-e2e-'));
    this.user = path.join(this.root, 'user');
    this.ext = path.join(this.root, 'ext');
    this.ws = path.join(this.root, 'ws');
    this.chrome = path.join(this.root, 'chrome');
    this.xdg = path.join(this.root, 'xdg');
    for (const d of [path.join(this.user, 'User'), this.ext, this.ws, this.chrome, this.xdg]) {
      fs.mkdirSync(d, { recursive: true });
    }
    this.codeServerLog = path.join(this.root, 'code-server.log');
  }

  /** Environment for code-server: private XDG folders, and a PATH without any gongwen-ls. */
  env() {
    const pathDirs = (process.env.PATH ?? '')
      .split(':')
      .filter((d) => d && !fs.existsSync(path.join(d, 'gongwen-ls')));
    return {
      ...process.env,
      PATH: pathDirs.join(':'),
      XDG_CONFIG_HOME: path.join(this.xdg, 'config'),
      XDG_DATA_HOME: path.join(this.xdg, 'data'),
      XDG_CACHE_HOME: path.join(this.xdg, 'cache'),
    };
  }

  writeSettings(settings) {
    fs.writeFileSync(path.join(this.user, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  }

  readUserSettings() {
    return JSON.parse(fs.readFileSync(path.join(this.user, 'User', 'settings.json'), 'utf8'));
  }

  copyFixture(name, as = name) {
    fs.copyFileSync(path.join(E2E_DIR, 'fixtures', name), path.join(this.ws, as));
  }

  writeFile(name, text) {
    fs.writeFileSync(path.join(this.ws, name), text);
  }

  readFile(name) {
    return fs.readFileSync(path.join(this.ws, name), 'utf8');
  }

  installVsix(vsix) {
    const r = spawnSync(
      codeServerBin(),
      ['--user-data-dir', this.user, '--extensions-dir', this.ext, '--install-extension', vsix],
      { env: this.env(), encoding: 'utf8', timeout: 120_000 },
    );
    return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error };
  }

  /** Start code-server in its own process group; resolves with its URL once /healthz answers. */
  async startCodeServer() {
    hookExit();
    const port = await freePort();
    const log = fs.openSync(this.codeServerLog, 'a');
    const child = spawn(
      codeServerBin(),
      [
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--auth',
        'none',
        '--user-data-dir',
        this.user,
        '--extensions-dir',
        this.ext,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--config',
        path.join(this.root, 'code-server.yaml'),
        this.ws,
      ],
      { env: this.env(), stdio: ['ignore', log, log], detached: true },
    );
    fs.closeSync(log);
    this.codeServer = child;
    children.add(child);
    child.on('exit', () => children.delete(child));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`code-server exited with ${child.exitCode}:\n${this.tail()}`);
      }
      try {
        const r = await fetch(`${url}/healthz`);
        if (r.ok) return url;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`code-server did not answer on ${url}/healthz within 90 s:\n${this.tail()}`);
  }

  tail(n = 40) {
    try {
      return fs.readFileSync(this.codeServerLog, 'utf8').split('\n').slice(-n).join('\n');
    } catch {
      return '(no code-server log)';
    }
  }

  /** Stop code-server (the whole process group: extension host and language server too). */
  async stopCodeServer() {
    const child = this.codeServer;
    if (!child) return;
    this.codeServer = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      killGroup(child.pid, 'SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), new Promise((r) => setTimeout(() => r(true), 5000))]);
      if (timedOut) killGroup(child.pid, 'SIGKILL');
    }
    // Stragglers of the group (e.g. the extension host if code-server exited first).
    killGroup(child.pid, 'SIGKILL');
    children.delete(child);
  }

  remove() {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
