// Finding the gongwen-ls executable. Pure logic: the file system and the environment are passed
// in, so the order and the trust rules can be unit-tested without VS Code.
//
// Order:
//   1. the `gongwen.server.path` setting, only its user/machine value (never a workspace or
//      folder value: a cloned repository's settings must never make the editor run a program),
//      and not at all in an untrusted workspace;
//   2. the binary bundled in the extension: `server/<platform>-<arch>/gongwen-ls` in the universal
//      VSIX (one server per machine kind, picked by process.platform/process.arch, LoongArch
//      included), `server/gongwen-ls` in a platform-specific VSIX (`.exe` on Windows);
//   3. `gongwen-ls` on PATH.

import * as path from 'path';

export const SERVER_NAME = 'gongwen-ls';

export type ServerSource = 'setting' | 'bundled' | 'path';

/** What `WorkspaceConfiguration.inspect('server.path')` returns (the parts we use). */
export interface SettingInspection {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export type FileKind = 'missing' | 'directory' | 'file' | 'executable';

export interface ResolveEnv {
  /** `process.platform`. */
  platform: string;
  /** `process.arch` (`x64`, `arm64`, `loong64`, …). */
  arch: string;
  /** Root folder of the installed extension. */
  extensionPath: string;
  /** `vscode.workspace.isTrusted`. */
  isTrusted: boolean;
  /** The inspection of `gongwen.server.path`, if any. */
  serverPathSetting: SettingInspection | undefined;
  /** The PATH environment variable. */
  envPath: string | undefined;
  /** The PATHEXT environment variable (Windows). */
  envPathExt?: string;
  /** The user's home folder, for `~` in the setting. */
  homeDir: string;
  /** What is at a path. On Windows any regular file counts as `executable`. */
  fileKind(p: string): FileKind;
  /** Try to add the executable bit (a VSIX may lose it); true when the file is executable now. */
  makeExecutable(p: string): boolean;
}

/** Why a candidate was not used. Turned into Chinese text by messages.ts. */
export type Note =
  | { kind: 'ignored-untrusted'; value: string }
  | { kind: 'ignored-workspace-value'; value: string; level: 'workspace' | 'workspaceFolder' }
  | { kind: 'setting-relative'; value: string }
  | { kind: 'setting-missing'; path: string }
  | { kind: 'setting-not-executable'; path: string }
  | { kind: 'bundled-not-executable'; path: string }
  | { kind: 'no-bundled-for-machine'; machine: string; available: string[] };

export interface Resolution {
  /** The executable to start, or undefined when none was found. */
  found?: { path: string; source: ServerSource };
  /** Everything that was looked at, in order (for the log). */
  tried: { source: ServerSource; path: string; result: FileKind | 'used' }[];
  /** Candidates that were skipped for a reason the user should know. */
  notes: Note[];
}

function pathApi(platform: string): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The file name of the server binary on a platform. */
export function serverFileName(platform: string): string {
  return platform === 'win32' ? `${SERVER_NAME}.exe` : SERVER_NAME;
}

/** Where a platform-specific VSIX keeps its server binary. */
export function bundledServerPath(extensionPath: string, platform: string): string {
  return pathApi(platform).join(extensionPath, 'server', serverFileName(platform));
}

/**
 * Machine kinds (`<process.platform>-<process.arch>`) a universal VSIX may carry a server for,
 * each in `server/<kind>/`. VS Code has no LoongArch target, so `linux-loong64` only exists here.
 */
export const BUNDLE_MACHINES = [
  'win32-x64',
  'win32-arm64',
  'linux-x64',
  'linux-arm64',
  'linux-loong64',
  'darwin-x64',
  'darwin-arm64',
] as const;

/**
 * The universal VSIX's folders to try on a machine, best first. Windows 11 on Arm runs x64
 * programs, so an x64 server serves when no arm64 one is bundled.
 */
export function machineCandidates(platform: string, arch: string): string[] {
  const own = `${platform}-${arch}`;
  if (platform === 'win32' && arch === 'arm64') {
    return [own, 'win32-x64'];
  }
  return [own];
}

/** Where a universal VSIX keeps the server for a machine kind. */
export function universalServerPath(extensionPath: string, platform: string, machine: string): string {
  return pathApi(platform).join(extensionPath, 'server', machine, serverFileName(platform));
}

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Expand a leading `~` and check that the result is absolute. */
export function expandSettingPath(
  value: string,
  platform: string,
  homeDir: string,
): string | undefined {
  const p = pathApi(platform);
  let v = value;
  if (v === '~') {
    v = homeDir;
  } else if (v.startsWith('~/') || (platform === 'win32' && v.startsWith('~\\'))) {
    v = p.join(homeDir, v.slice(2));
  }
  return p.isAbsolute(v) ? p.normalize(v) : undefined;
}

/** Candidate file names for `gongwen-ls` in one PATH folder. */
function pathCandidates(dir: string, platform: string, pathExt: string | undefined): string[] {
  const p = pathApi(platform);
  if (platform !== 'win32') {
    return [p.join(dir, SERVER_NAME)];
  }
  const exts = (pathExt && pathExt.trim() !== '' ? pathExt : '.COM;.EXE;.BAT;.CMD')
    .split(';')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e.startsWith('.'));
  // Only real executables can speak LSP over stdio reliably; .bat/.cmd wrappers are kept for
  // users who installed the server through a shim.
  return exts.map((e) => p.join(dir, SERVER_NAME + e));
}

/** Split PATH into folders (quotes are allowed around Windows entries). */
export function splitPath(envPath: string | undefined, platform: string): string[] {
  if (!envPath) {
    return [];
  }
  const sep = platform === 'win32' ? ';' : ':';
  return envPath
    .split(sep)
    .map((d) => d.trim().replace(/^"(.*)"$/, '$1'))
    .filter((d) => d !== '');
}

export function resolveServer(env: ResolveEnv): Resolution {
  const res: Resolution = { tried: [], notes: [] };
  const s = env.serverPathSetting;

  // 1. The setting: user/machine value only.
  const folderValue = nonEmptyString(s?.workspaceFolderValue);
  const workspaceValue = nonEmptyString(s?.workspaceValue);
  if (folderValue !== undefined) {
    res.notes.push({ kind: 'ignored-workspace-value', value: folderValue, level: 'workspaceFolder' });
  }
  if (workspaceValue !== undefined) {
    res.notes.push({ kind: 'ignored-workspace-value', value: workspaceValue, level: 'workspace' });
  }
  const userValue = nonEmptyString(s?.globalValue);
  if (userValue !== undefined) {
    if (!env.isTrusted) {
      res.notes.push({ kind: 'ignored-untrusted', value: userValue });
    } else {
      const abs = expandSettingPath(userValue, env.platform, env.homeDir);
      if (abs === undefined) {
        res.notes.push({ kind: 'setting-relative', value: userValue });
      } else {
        const kind = env.fileKind(abs);
        if (kind === 'executable') {
          res.tried.push({ source: 'setting', path: abs, result: 'used' });
          res.found = { path: abs, source: 'setting' };
          return res;
        }
        res.tried.push({ source: 'setting', path: abs, result: kind });
        res.notes.push(
          kind === 'file'
            ? { kind: 'setting-not-executable', path: abs }
            : { kind: 'setting-missing', path: abs },
        );
      }
    }
  }

  // 2. The bundled binary: the universal VSIX's server for this machine, else the single server
  //    of a platform-specific VSIX.
  const bundled = [
    ...machineCandidates(env.platform, env.arch).map((m) => universalServerPath(env.extensionPath, env.platform, m)),
    bundledServerPath(env.extensionPath, env.platform),
  ];
  for (const candidate of bundled) {
    let kind = env.fileKind(candidate);
    if (kind === 'file' && env.platform !== 'win32' && env.makeExecutable(candidate)) {
      kind = 'executable';
    }
    if (kind === 'executable') {
      res.tried.push({ source: 'bundled', path: candidate, result: 'used' });
      res.found = { path: candidate, source: 'bundled' };
      return res;
    }
    res.tried.push({ source: 'bundled', path: candidate, result: kind });
    if (kind === 'file') {
      res.notes.push({ kind: 'bundled-not-executable', path: candidate });
    }
  }
  // A universal VSIX without a server for this machine: say which machines it serves.
  const available = BUNDLE_MACHINES.filter(
    (m) => env.fileKind(pathApi(env.platform).join(env.extensionPath, 'server', m)) === 'directory',
  );
  if (available.length > 0) {
    res.notes.push({ kind: 'no-bundled-for-machine', machine: `${env.platform}-${env.arch}`, available });
  }

  // 3. PATH.
  for (const dir of splitPath(env.envPath, env.platform)) {
    if (!pathApi(env.platform).isAbsolute(dir)) {
      continue; // a relative PATH entry would depend on the editor's working directory
    }
    for (const candidate of pathCandidates(dir, env.platform, env.envPathExt)) {
      const k = env.fileKind(candidate);
      if (k === 'executable') {
        res.tried.push({ source: 'path', path: candidate, result: 'used' });
        res.found = { path: candidate, source: 'path' };
        return res;
      }
    }
  }
  res.tried.push({ source: 'path', path: SERVER_NAME, result: 'missing' });
  return res;
}
