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
    const v = formatStatus(status({ counts: { error: 0, warning: 0, information: 0, hint: 3 } }), 0);
    assert.equal(v.text, '$(check) 法治报告');
    assert.equal(v.tone, 'ok');
    assert.match(v.tooltip, /2024年度法治政府建设年度报告/);
  });

  it('counts missing items and other problems without counting the missing ones twice', () => {
    const v = formatStatus(
      status({
        missing: [
          { id: 'plan', name: '下一年度主要安排' },
          { id: 'duties', name: '党政主要负责人履行推进法治建设第一责任人职责情况' },
        ],
        counts: { error: 3, warning: 2, information: 0, hint: 1 },
      }),
      2,
    );
    assert.equal(v.text, '$(warning) 缺2项 · 3处问题');
    assert.equal(v.tone, 'error');
    assert.match(v.tooltip, /“下一年度主要安排”/);
  });

  it('shows only the missing items when they are the only problems', () => {
    const v = formatStatus(
      status({ missing: [{ id: 'plan', name: '下一年度主要安排' }], counts: { error: 1, warning: 0, information: 0, hint: 0 } }),
      1,
    );
    assert.equal(v.text, '$(warning) 缺1项');
  });

  it('still shows missing items when the missing-section rule is turned off', () => {
    const v = formatStatus(status({ missing: [{ id: 'plan', name: '下一年度主要安排' }] }), 0);
    assert.equal(v.text, '$(warning) 缺1项');
  });

  it('shows warnings alone as problems with the warning tone', () => {
    const v = formatStatus(status({ counts: { error: 0, warning: 2, information: 1, hint: 0 } }), 0);
    assert.equal(v.text, '$(warning) 3处问题');
    assert.equal(v.tone, 'warning');
  });

  it('says 未检查 with the server reason for other files', () => {
    const v = formatStatus(status({ isReport: false, reason: '标题中没有年份', year: null }), 0);
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
