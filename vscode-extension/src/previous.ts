// The answer of the server's `gongwen/previousReport` request (which file last year's report is,
// or why none is used), checked before the diff view is opened. Does not import vscode.

export const PREVIOUS_REQUEST = 'gongwen/previousReport';

/** The command that opens VS Code's diff view of last year's and this year's report. */
export const COMPARE_COMMAND = 'gongwen.compareWithPrevious';

export type PreviousReport =
  | { found: true; uri: string; note: string; year: number | null }
  | { found: false; note: string };

/** Parse the server's answer; undefined when it is not what the server sends. */
export function parsePrevious(raw: unknown): PreviousReport | undefined {
  if (raw === null || typeof raw !== 'object') {
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const note = typeof r.note === 'string' ? r.note : '';
  if (r.found === true) {
    if (typeof r.uri !== 'string' || r.uri === '') {
      return undefined;
    }
    return { found: true, uri: r.uri, note, year: typeof r.year === 'number' ? r.year : null };
  }
  if (r.found === false) {
    return { found: false, note: note || '未找到上一年度报告。' };
  }
  return undefined;
}

/** The title of the diff view: 上年度报告（2023年度）↔ 本年度报告：文件名. */
export function diffTitle(prev: PreviousReport & { found: true }, thisName: string): string {
  const year = prev.year === null ? '' : `（${prev.year}年度）`;
  return `上年度报告${year} ↔ 本年度报告：${thisName}`;
}

/**
 * The document the command compares: the URI passed by the code lens, else the active editor's.
 * Undefined when there is neither.
 */
export function targetUri(arg: unknown, active: string | undefined): string | undefined {
  if (typeof arg === 'string' && arg !== '') {
    return arg;
  }
  return active;
}
