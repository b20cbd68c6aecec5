// Mapping VS Code's `gongwen.*` settings to what the server receives (as initializationOptions,
// in workspace/didChangeConfiguration and as the answer to workspace/configuration), and
// deciding what a settings change means for the running client. Does not import vscode.

import * as path from 'path';

export const SECTION = 'gongwen';

/** Rule ids the server knows (the keys of `gongwen.rules` that the settings UI describes). */
export const RULE_IDS = [
  'missing-section',
  'missing-cause',
  'empty-section',
  'sum-mismatch',
  'rate-mismatch',
  'percent-range',
  'conflicting-figure',
  'missing-metric',
  'placeholder',
  'report-year',
  'year-mismatch',
  'date-invalid',
  'numbering',
  'unpaired-mark',
  'punct-width',
  'number-form',
  'copied-text',
  'plan-followup',
  'yoy-figure',
  'problems-repeat',
] as const;

export const LEVELS = ['off', 'hint', 'information', 'warning', 'error'] as const;
export type Level = (typeof LEVELS)[number];

/** The settings object the server reads (see server/engine/src/config.rs `Config::from_settings`). */
export interface ServerSettings {
  enable: boolean;
  reports: { autoDetect: boolean; include: string[] };
  rules: Record<string, string | boolean>;
  profile: { path: string };
  previousReport: { path: string };
  codeLens: { enable: boolean };
  inlayHints: { enable: boolean };
}

export interface MapContext {
  /** File-system path of the first workspace folder, for relative paths; undefined if none. */
  workspaceFolder?: string;
  homeDir: string;
  platform: string;
}

function bool(v: unknown, dflt: boolean): boolean {
  return typeof v === 'boolean' ? v : dflt;
}

/**
 * Resolve a path setting: trimmed, `~` expanded, relative paths joined to the first workspace
 * folder (the server's working directory is not the workspace, so it could not resolve them).
 * Empty stays empty (the server's "not set").
 */
export function resolvePathSetting(v: unknown, cx: MapContext): string {
  if (typeof v !== 'string') {
    return '';
  }
  const p = cx.platform === 'win32' ? path.win32 : path.posix;
  let s = v.trim();
  if (s === '') {
    return '';
  }
  if (s === '~' || s.startsWith('~/') || (cx.platform === 'win32' && s.startsWith('~\\'))) {
    s = p.join(cx.homeDir, s.slice(2));
  }
  if (!p.isAbsolute(s) && cx.workspaceFolder !== undefined) {
    s = p.join(cx.workspaceFolder, s);
  }
  return s;
}

/**
 * Keep rule entries the server can parse: strings (trimmed, lower-cased, so "Warning" works)
 * and `false` (= off). Invalid level names are passed on unchanged so that the server reports
 * them in its log; other value types are dropped.
 */
export function mapRules(v: unknown): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return out;
  }
  for (const [id, level] of Object.entries(v as Record<string, unknown>)) {
    const key = id.trim();
    if (key === '') {
      continue;
    }
    if (typeof level === 'string') {
      out[key] = level.trim().toLowerCase();
    } else if (level === false) {
      out[key] = false;
    }
  }
  return out;
}

/**
 * Build the server settings from a getter over the `gongwen` section (keys like
 * `reports.autoDetect`, as `WorkspaceConfiguration.get` takes them). `server.path` and
 * `trace.server` are client-side only and never sent.
 */
export function toServerSettings(get: (key: string) => unknown, cx: MapContext): ServerSettings {
  const include = get('reports.include');
  return {
    enable: bool(get('enable'), true),
    reports: {
      autoDetect: bool(get('reports.autoDetect'), true),
      include: Array.isArray(include)
        ? include.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim())
        : [],
    },
    rules: mapRules(get('rules')),
    profile: { path: resolvePathSetting(get('profile.path'), cx) },
    previousReport: { path: resolvePathSetting(get('previousReport.path'), cx) },
    codeLens: { enable: bool(get('codeLens.enable'), true) },
    inlayHints: { enable: bool(get('inlayHints.enable'), true) },
  };
}

export type ConfigAction = 'start' | 'stop' | 'restart' | 'none';

/**
 * What a change of configuration means for the client. Everything other than `enable` and
 * `server.path` is sent to the running server by the languageclient (didChangeConfiguration)
 * and needs no restart.
 */
export function configChangeAction(
  affects: (section: string) => boolean,
  state: { enabled: boolean; running: boolean },
): ConfigAction {
  if (affects(`${SECTION}.enable`)) {
    if (state.enabled && !state.running) {
      return 'start';
    }
    if (!state.enabled && state.running) {
      return 'stop';
    }
  }
  if (affects(`${SECTION}.server.path`) && state.enabled) {
    return state.running ? 'restart' : 'start';
  }
  return 'none';
}
