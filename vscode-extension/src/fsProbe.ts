// The real file-system side of server resolution (kept apart from serverPath.ts so that the
// resolution order can be tested with a fake file system). Does not import vscode.

import * as fs from 'fs';
import type { FileKind } from './serverPath';

export function fileKind(p: string, platform: string = process.platform): FileKind {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 'missing';
  }
  if (st.isDirectory()) {
    return 'directory';
  }
  if (!st.isFile()) {
    return 'missing';
  }
  if (platform === 'win32') {
    return 'executable';
  }
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return 'executable';
  } catch {
    return 'file';
  }
}

export function makeExecutable(p: string): boolean {
  try {
    const mode = fs.statSync(p).mode;
    fs.chmodSync(p, mode | 0o755);
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
