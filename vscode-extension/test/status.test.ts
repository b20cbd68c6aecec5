import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { formatStatus, isCheckedDocument, parseStatus, type ReportStatus, viewForClientState } from '../src/status';

function status(over: Partial<ReportStatus> = {}): ReportStatus {
  return {
    isReport: true,
    reason: '标题写明了2024年度法治政府建设',
    year: 2024,
    missing: [],
    counts: { error: 0, warning: 0, information: 0, hint: 0 },
    version: 1,
    ...over,
  };
}

describe('parseStatus', () => {
  it('accepts the documented shape', () => {
    const s = parseStatus({
      isReport: true,
      reason: 'r',
      year: 2024,
      missing: [{ id: 'plan', name: '下一年度主要安排' }],
      counts: { error: 1, warning: 2, information: 0, hint: 4 },
      version: 7,
    });
    assert.deepEqual(s, {
      isReport: true,
      reason: 'r',
      year: 2024,
      missing: [{ id: 'plan', name: '下一年度主要安排' }],
      counts: { error: 1, warning: 2, information: 0, hint: 4 },
      version: 7,
    });
  });

  it('rejects results without isReport and tolerates missing parts', () => {
    assert.equal(parseStatus(null), undefined);
    assert.equal(parseStatus({ reason: 'x' }), undefined);
    assert.deepEqual(parseStatus({ isReport: false }), {
      isReport: false,
      reason: '',
      year: null,
      missing: [],
      counts: { error: 0, warning: 0, information: 0, hint: 0 },
      version: null,
    });
  });
});

describe('formatStatus', () => {
  it('shows a check mark for a complete report without problems (hints do not count)', () => {
    const v = formatStatus(status({ counts: { error: 0, warning: 0, information: 0, hint: 3 } }));
    assert.equal(v.text, '$(check) 法治报告');
    assert.equal(v.tone, 'ok');
    assert.match(v.tooltip, /2024年度法治政府建设年度报告/);
    assert.match(v.tooltip, /提示 3 处/);
    assert.match(v.tooltip, /不列入“问题”面板/);
  });

  it('shows the missing items and the counts by severity, red for errors', () => {
    const v = formatStatus(
      status({
        missing: [
          { id: 'plan', name: '下一年度主要安排' },
          { id: 'duties', name: '党政主要负责人履行推进法治建设第一责任人职责情况' },
        ],
        counts: { error: 3, warning: 2, information: 1, hint: 200 },
      }),
    );
    assert.equal(v.text, '$(error) 缺2项 · 错误3 警告2 信息1');
    assert.equal(v.tone, 'error');
    assert.match(v.tooltip, /“下一年度主要安排”/);
    assert.match(v.tooltip, /错误 3 处，警告 2 处，信息 1 处，提示 200 处。/);
  });

  it('is never red without an error-level finding', () => {
    // a pasted draft: hundreds of punctuation hints, one summary, a warning
    const v = formatStatus(status({ counts: { error: 0, warning: 1, information: 1, hint: 212 } }));
    assert.equal(v.text, '$(warning) 警告1 信息1');
    assert.equal(v.tone, 'warning');
    const info = formatStatus(status({ counts: { error: 0, warning: 0, information: 2, hint: 0 } }));
    assert.equal(info.text, '$(info) 信息2');
    assert.equal(info.tone, 'neutral');
    // a missing item of information level (其他需要报告的情况) is not red either
    const other = formatStatus(
      status({ missing: [{ id: 'other', name: '其他需要报告的情况' }], counts: { error: 0, warning: 0, information: 1, hint: 0 } }),
    );
    assert.equal(other.text, '$(info) 缺1项 · 信息1');
    assert.equal(other.tone, 'neutral');
  });

  it('still shows missing items when the missing-section rule is turned off', () => {
    const v = formatStatus(status({ missing: [{ id: 'plan', name: '下一年度主要安排' }] }));
    assert.equal(v.text, '$(info) 缺1项');
    assert.equal(v.tone, 'neutral');
  });

  it('says 未检查 with the server reason for other files', () => {
    const v = formatStatus(status({ isReport: false, reason: '标题中没有年份', year: null }));
    assert.equal(v.text, '$(circle-slash) 未检查');
    assert.match(v.tooltip, /标题中没有年份/);
    assert.match(v.tooltip, /gongwen\.reports\.include/);
  });
});

describe('client states and documents', () => {
  it('has a view for every state but running', () => {
    assert.equal(viewForClientState('running'), undefined);
    assert.match(viewForClientState('disabled')!.text, /已停用/);
    assert.equal(viewForClientState('failed')!.tone, 'error');
  });

  it('checks plain text and Markdown in files and untitled editors only', () => {
    assert.ok(isCheckedDocument('plaintext', 'file'));
    assert.ok(isCheckedDocument('markdown', 'untitled'));
    assert.ok(!isCheckedDocument('rust', 'file'));
    assert.ok(!isCheckedDocument('markdown', 'git'));
    assert.ok(!isCheckedDocument('plaintext', 'vscode-userdata'));
  });
});
