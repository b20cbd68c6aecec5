// The status bar item: parsing the server's `gongwen/status` answer and turning it into text.
// Does not import vscode.

export const STATUS_REQUEST = 'gongwen/status';
export const SKELETON_REQUEST = 'gongwen/skeleton';

export interface Counts {
  error: number;
  warning: number;
  information: number;
  hint: number;
}

export interface ReportStatus {
  isReport: boolean;
  reason: string;
  year: number | null;
  missing: { id: string; name: string }[];
  counts: Counts;
  version: number | null;
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

/** Validate a `gongwen/status` result; undefined when it is not of the documented shape. */
export function parseStatus(v: unknown): ReportStatus | undefined {
  if (v === null || typeof v !== 'object') {
    return undefined;
  }
  const o = v as Record<string, unknown>;
  if (typeof o.isReport !== 'boolean') {
    return undefined;
  }
  const c = (o.counts ?? {}) as Record<string, unknown>;
  const missing = Array.isArray(o.missing)
    ? o.missing
        .filter((m): m is Record<string, unknown> => m !== null && typeof m === 'object')
        .map((m) => ({ id: String(m.id ?? ''), name: String(m.name ?? m.id ?? '') }))
    : [];
  return {
    isReport: o.isReport,
    reason: typeof o.reason === 'string' ? o.reason : '',
    year: typeof o.year === 'number' ? o.year : null,
    missing,
    counts: {
      error: count(c.error),
      warning: count(c.warning),
      information: count(c.information),
      hint: count(c.hint),
    },
    version: typeof o.version === 'number' ? o.version : null,
  };
}

/** Which look the item has; extension.ts maps it to theme colours. */
export type StatusTone = 'ok' | 'warning' | 'error' | 'neutral';

export interface StatusView {
  text: string;
  tooltip: string;
  tone: StatusTone;
}

export type ClientState = 'running' | 'starting' | 'stopped' | 'disabled' | 'failed';

/** The item for states in which no status can be asked. */
export function viewForClientState(state: ClientState): StatusView | undefined {
  switch (state) {
    case 'starting':
      return { text: '$(sync~spin) 公文检查', tooltip: '检查服务正在启动……', tone: 'neutral' };
    case 'disabled':
      return {
        text: '$(circle-slash) 公文检查已停用',
        tooltip: '设置 gongwen.enable 为 false，检查已停用。',
        tone: 'neutral',
      };
    case 'failed':
      return {
        text: '$(error) 公文检查未运行',
        tooltip: '检查服务未能启动，点击查看服务日志。',
        tone: 'error',
      };
    case 'stopped':
      return { text: '$(circle-slash) 公文检查未运行', tooltip: '检查服务已停止。', tone: 'neutral' };
    case 'running':
      return undefined;
  }
}

/**
 * The item for a document's status: the missing statutory items, then the findings by severity
 * with their Chinese names ("缺1项 · 错误2 警告1 信息3"; hints are dots in the text and are
 * only counted in the tooltip).
 * The item is red only when there is an error-level finding, yellow for warnings; information
 * alone leaves it plain.
 */
export function formatStatus(s: ReportStatus): StatusView {
  if (!s.isReport) {
    const why = s.reason !== '' ? s.reason : '文件的标题或开头没有写明“法治政府建设”和年份。';
    return {
      text: '$(circle-slash) 未检查',
      tooltip: `此文件未作为法治政府建设年度报告检查：${why}\n如需检查，可在设置 gongwen.reports.include 中加入此文件。`,
      tone: 'neutral',
    };
  }
  const { error, warning, information, hint } = s.counts;
  const missing = s.missing.length;
  const yearText = s.year !== null ? `${s.year}年度` : '';
  const lines = [`此文件作为${yearText}法治政府建设年度报告检查。`];
  if (missing > 0) {
    lines.push(`缺少法定事项：${s.missing.map((m) => `“${m.name}”`).join('、')}`);
  }
  lines.push(`错误 ${error} 处，警告 ${warning} 处，信息 ${information} 处，提示 ${hint} 处。`);
  if (hint > 0) {
    lines.push('提示只在文字下方以虚点标出，不列入“问题”面板。');
  }
  lines.push('点击打开“问题”面板。');
  const tooltip = lines.join('\n');

  if (missing === 0 && error + warning + information === 0) {
    return { text: '$(check) 法治报告', tooltip, tone: 'ok' };
  }
  const parts: string[] = [];
  if (missing > 0) {
    parts.push(`缺${missing}项`);
  }
  const counts: string[] = [];
  if (error > 0) {
    counts.push(`错误${error}`);
  }
  if (warning > 0) {
    counts.push(`警告${warning}`);
  }
  if (information > 0) {
    counts.push(`信息${information}`);
  }
  if (counts.length > 0) {
    parts.push(counts.join(' '));
  }
  const tone: StatusTone = error > 0 ? 'error' : warning > 0 ? 'warning' : 'neutral';
  const icon = error > 0 ? '$(error)' : warning > 0 ? '$(warning)' : '$(info)';
  return { text: `${icon} ${parts.join(' · ')}`, tooltip, tone };
}

/** Languages and schemes the extension checks (also the document selector). */
export const LANGUAGES = ['plaintext', 'markdown'] as const;
export const SCHEMES = ['file', 'untitled'] as const;

export function isCheckedDocument(languageId: string, scheme: string): boolean {
  return (
    (LANGUAGES as readonly string[]).includes(languageId) && (SCHEMES as readonly string[]).includes(scheme)
  );
}
