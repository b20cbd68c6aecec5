import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { diffTitle, parsePrevious, targetUri } from '../src/previous';

describe('previous report', () => {
  it('parses what the server answers', () => {
    assert.deepEqual(
      parsePrevious({ found: true, uri: 'file:///w/2023.txt', how: 'sameFolder', year: 2023, note: '与上年度报告比对：2023.txt' }),
      { found: true, uri: 'file:///w/2023.txt', note: '与上年度报告比对：2023.txt', year: 2023 },
    );
    assert.deepEqual(parsePrevious({ found: false, note: '未找到' }), { found: false, note: '未找到' });
    assert.deepEqual(parsePrevious({ found: false }), { found: false, note: '未找到上一年度报告。' });
    assert.equal(parsePrevious({ found: true }), undefined);
    assert.equal(parsePrevious(null), undefined);
    assert.equal(parsePrevious('x'), undefined);
  });

  it('titles the diff view and picks the document to compare', () => {
    const p = { found: true as const, uri: 'file:///w/a.txt', note: '', year: 2023 };
    assert.equal(diffTitle(p, '2024.txt'), '上年度报告（2023年度） ↔ 本年度报告：2024.txt');
    assert.equal(diffTitle({ ...p, year: null }, 'b.txt'), '上年度报告 ↔ 本年度报告：b.txt');
    assert.equal(targetUri('file:///w/b.txt', 'file:///w/c.txt'), 'file:///w/b.txt');
    assert.equal(targetUri(undefined, 'file:///w/c.txt'), 'file:///w/c.txt');
    assert.equal(targetUri(42, undefined), undefined);
  });
});
