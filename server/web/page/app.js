/*
 * The offline checker page: a textarea over a "backdrop" that draws the marks, the outline with
 * the five statutory items, the findings list and the one-click fixes. Checking runs in a Web
 * Worker (debounced as the text changes); window.gongwen is the engine for other scripts.
 */
/* global GongwenEngine */
(function () {
  'use strict';

  var $ = function (id) { return document.getElementById(id); };
  var SEVERITIES = ['error', 'warning', 'information', 'hint'];
  var SEV_ZH = { error: '错误', warning: '警告', information: '提示', hint: '建议' };
  var LIST_LIMIT = 1000;

  var ui = {
    text: $('text'), backdrop: $('backdrop'), items: $('items'), headings: $('headings'),
    findings: $('findings'), detail: $('detail'), summary: $('summary'), filters: $('filters'),
    notice: $('notice'), status: $('statusline'), tip: $('tip'), file: $('file'),
    fixPunct: $('fix-punct'), fixNumbering: $('fix-numbering'), fixMissing: $('fix-missing'),
    undo: $('undo'), copy: $('copy'), save: $('save'),
  };

  var state = {
    path: '',            // the opened file's name (Markdown by extension), '' for pasted text
    encoding: 'UTF-8',
    all: false,          // check even if the text does not look like a report
    view: null,          // the last answer of the engine (op "view")
    checkedText: null,   // the text that answer is about
    viewText: null,      // that text with the drafter's edits since (the marks follow them)
    marks: [],           // the view's findings as {i, from, to, sev}, shifted by later edits
    segs: null,          // the backdrop: segment starts (UTF-16) and their text nodes
    selected: -1,
    show: { error: true, warning: true, information: true, hint: true },
    undo: [],
    docx: null,          // a Word document's text and where each line came from (第3段…)
    previous: null,      // last year's report {text, name}, for the year-over-year checks
    rules: {},           // rule id → Chinese name
    lastMs: null,
    dirty: false,        // edited since the last copy / save
  };

  // ---------------------------------------------------------------- engine and worker

  var wasmBytes = GongwenEngine.fromBase64($('gongwen-wasm').textContent.trim());
  var engine = null;     // on this thread, for window.gongwen and as a fallback
  var worker = null;
  var workerReady = false;
  var pending = {};      // request id → {resolve, reject}
  var nextId = 1;

  function options() {
    var o = { path: state.path, encoding: state.encoding, all: state.all };
    if (state.previous) { o.previous = state.previous.text; o.previousPath = state.previous.name; }
    return o;
  }

  function startWorker() {
    try {
      var src = $('gongwen-engine').textContent + '\n' + $('gongwen-worker').textContent;
      var url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
      worker = new Worker(url);
    } catch (e) {
      worker = null;
      return;
    }
    worker.onmessage = function (e) {
      var m = e.data;
      if (m.type === 'ready') {
        workerReady = true;
        kick();
      } else if (m.type === 'failed') {
        worker = null;
        kick();
      } else if (pending[m.id]) {
        var p = pending[m.id];
        delete pending[m.id];
        if (m.type === 'result') p.resolve({ value: m.value, ms: m.ms });
        else p.reject(new Error(m.error));
      }
    };
    worker.onerror = function () {
      worker = null;
      workerReady = false;
      Object.keys(pending).forEach(function (id) { pending[id].reject(new Error('后台检查出错，已改在本页检查')); });
      pending = {};
      kick();
    };
    worker.postMessage({ type: 'init', bytes: wasmBytes });
  }

  /** One request to the engine: in the worker when it is up, else on this thread. */
  function call(text, request) {
    if (worker && workerReady) {
      return new Promise(function (resolve, reject) {
        var id = nextId++;
        pending[id] = { resolve: resolve, reject: reject };
        worker.postMessage({ type: 'call', id: id, text: text, request: request });
      });
    }
    if (!engine) return Promise.reject(new Error('检查程序尚未加载完成'));
    return new Promise(function (resolve, reject) {
      setTimeout(function () {
        try {
          var t0 = performance.now();
          var value = engine.call(text, request);
          resolve({ value: value, ms: performance.now() - t0 });
        } catch (e) { reject(e); }
      }, 0);
    });
  }

  // ---------------------------------------------------------------- checking as the text changes

  var timer = null;
  var inFlight = false;
  var again = false;

  function delayFor(n) { return n > 300000 ? 900 : n > 60000 ? 500 : 250; }

  function schedule(now) {
    clearTimeout(timer);
    timer = setTimeout(kick, now ? 0 : delayFor(ui.text.value.length));
  }

  /** Check the current text unless a check is running; then check again when it ends. */
  function kick() {
    if (!engine && !workerReady) return;
    if (inFlight) { again = true; return; }
    var text = ui.text.value;
    if (text.trim() === '') { showEmpty(); return; }
    inFlight = true;
    again = false;
    call(text, { op: 'view', options: options() }).then(function (r) {
      inFlight = false;
      state.lastMs = r.ms;
      // a newer text is waiting: never show results of an old one over it
      if (text === ui.text.value) {
        var t0 = performance.now();
        render(r.value, text);
        api.lastCheck = { length: text.length, findings: r.value.file.findings.length, checkMs: r.ms,
          renderMs: performance.now() - t0, count: (api.lastCheck ? api.lastCheck.count : 0) + 1 };
        window.dispatchEvent(new CustomEvent('gongwen:checked', { detail: api.lastCheck }));
      }
      if (again || text !== ui.text.value) schedule(true);
    }, function (err) {
      inFlight = false;
      notice('检查出错：' + err.message, true);
      if (again) schedule(true);
    });
  }

  // ---------------------------------------------------------------- rendering

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function notice(msg, isError, action) {
    ui.notice.textContent = msg || '';
    ui.notice.className = isError ? 'error' : '';
    if (action) {
      var b = el('button', '', action.label);
      b.type = 'button';
      b.onclick = action.run;
      ui.notice.appendChild(b);
    }
  }

  function render(view, text) {
    state.view = view;
    state.checkedText = text;
    state.viewText = text;
    state.selected = -1;
    hideTip();
    if (!view.report) {
      state.marks = [];
      renderBackdrop(text);
      renderNotReport();
      updateButtons();
      updateStatus();
      return;
    }
    var findings = view.file.findings;
    state.marks = view.marks.map(function (m, i) {
      return { i: i, from: m.range[0], to: m.range[1], sev: findings[i].severity };
    });
    renderBackdrop(text);
    if (view.internalErrors && view.internalErrors.length) {
      notice('检查程序内部出错，部分检查已跳过（其余结果照常）：' + view.internalErrors.join('；'), true);
    }
    renderOutline(view);
    renderPrevious();
    renderSummary(view);
    renderFindings(view);
    ui.detail.textContent = '';
    ui.detail.className = 'detail';
    updateButtons();
    updateStatus();
  }

  var drawing = 0;        // the generation of the backdrop being drawn (a newer one stops an older)
  var drawingBusy = false;
  var CHUNK = 40000;      // characters drawn per step: a long text is drawn over several frames

  /** Draw the text, one block per line (an edit re-lays out its line only), with a <mark> for
   *  every stretch covered by findings (the most serious wins). A long text is drawn in steps
   *  from the top, so the page stays responsive. */
  function renderBackdrop(text) {
    var gen = ++drawing;
    var marks = state.marks.slice().sort(function (a, b) { return a.from - b.from || a.to - b.to; });
    var bounds = [0, text.length];
    marks.forEach(function (m) {
      // a finding at an empty span (an insertion point) marks the character there
      if (m.to <= m.from) { m.to = Math.min(m.from + 1, text.length); m.from = Math.max(0, m.to - 1); }
      bounds.push(m.from, m.to);
    });
    bounds.sort(function (a, b) { return a - b; });
    // the stretches between bounds, with the class and findings of those that cover them
    var segs = [];
    var active = [];
    var k = 0;
    for (var b = 0; b < bounds.length - 1; b++) {
      var a = bounds[b];
      var z = bounds[b + 1];
      if (z <= a) continue;
      active = active.filter(function (m) { return m.to > a; });
      while (k < marks.length && marks[k].from <= a) {
        if (marks[k].to > a) active.push(marks[k]);
        k++;
      }
      var cls = null;
      var ids = '';
      if (active.length) {
        var sev = 'hint';
        active.forEach(function (m) { if (SEVERITIES.indexOf(m.sev) < SEVERITIES.indexOf(sev)) sev = m.sev; });
        cls = 'sev-' + sev;
        ids = active.map(function (m) { return m.i; }).join(' ');
      }
      segs.push([a, z, cls, ids]);
    }
    var starts = [];
    var nodes = [];
    state.segs = { starts: starts, nodes: nodes };
    ui.backdrop.textContent = '';
    ui.backdrop.classList.remove('stale');
    var line = null;
    var frag = null;
    var newLine = function () {
      if (line && !line.firstChild) line.appendChild(document.createTextNode('\u200b'));
      line = el('div', 'ln');
      frag.appendChild(line);
    };
    var next = 0;
    var step = function () {
      if (gen !== drawing) return;
      frag = document.createDocumentFragment();
      if (!line) newLine();
      var budget = CHUNK;
      while (next < segs.length && budget > 0) {
        var sg = segs[next++];
        budget -= sg[1] - sg[0];
        var pieces = text.slice(sg[0], sg[1]).split('\n');
        var at = sg[0];
        for (var p = 0; p < pieces.length; p++) {
          if (p > 0) { newLine(); at++; }
          var piece = pieces[p];
          if (!piece.length) continue;
          var node = document.createTextNode(piece);
          if (sg[2]) {
            var mark = el('mark', sg[2]);
            mark.setAttribute('data-f', sg[3]);
            mark.appendChild(node);
            line.appendChild(mark);
          } else {
            line.appendChild(node);
          }
          starts.push(at);
          nodes.push(node);
          at += piece.length;
        }
      }
      if (next >= segs.length && !line.firstChild) line.appendChild(document.createTextNode('\u200b'));
      ui.backdrop.appendChild(frag);
      ui.backdrop.scrollTop = ui.text.scrollTop;
      drawingBusy = next < segs.length;
      if (drawingBusy) setTimeout(step, 0);
      else applySelectionMarks();
    };
    step();
  }

  /** After a redraw: the selected finding's marks. */
  function applySelectionMarks() {
    if (state.selected >= 0) {
      Array.prototype.forEach.call(markElements(state.selected), function (e) { e.classList.add('current'); });
    }
  }

  /** Keep the marks on their words while the drafter types, until the next check arrives: an
   *  edit inside one line's stretch of text is patched in place; another edit redraws a short
   *  text, or hides the marks of a long one until the check. */
  function patchBackdrop(oldText, newText) {
    var segs = state.segs;
    if (!state.viewText && !segs) return;
    var p = 0;
    var max = Math.min(oldText.length, newText.length);
    while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
    var s = 0;
    while (s < max - p && oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
    var removed = oldText.length - p - s;
    var inserted = newText.slice(p, newText.length - s);
    var delta = inserted.length - removed;
    state.marks.forEach(function (m) {
      if (m.from >= p + removed) m.from += delta; else if (m.from > p) m.from = p;
      if (m.to >= p + removed) m.to += delta; else if (m.to > p) m.to = p + inserted.length;
    });
    state.viewText = newText;
    if (drawingBusy) {
      // a long text still being drawn, from the old text: stop, hide the marks until the check
      drawing++;
      drawingBusy = false;
      ui.backdrop.classList.add('stale');
      return;
    }
    var structural = inserted.indexOf('\n') !== -1 || oldText.slice(p, p + removed).indexOf('\n') !== -1;
    if (segs && !structural && segs.starts.length) {
      var starts = segs.starts;
      var k = upper(starts, p) - 1;
      // typing right after a mark goes into the plain text that follows it, not the mark
      if (k > 0 && starts[k] === p && segs.nodes[k].parentNode.nodeName === 'MARK' &&
          segs.nodes[k - 1].parentNode.nodeName !== 'MARK' && segs.nodes[k - 1].parentNode.parentNode === segs.nodes[k].parentNode.parentNode) k--;
      if (k >= 0) {
        var node = segs.nodes[k];
        var off = p - starts[k];
        if (off >= 0 && off + removed <= node.data.length) {
          node.data = node.data.slice(0, off) + inserted + node.data.slice(off + removed);
          for (var j = k + 1; j < starts.length; j++) starts[j] += delta;
          return;
        }
      }
    }
    if (newText.length < 100000) {
      renderBackdrop(newText);
    } else {
      ui.backdrop.classList.add('stale');
    }
  }

  /** The index of the first element of sorted `a` greater than `x`. */
  function upper(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] <= x) lo = mid + 1; else hi = mid; }
    return lo;
  }

  function lineOf(text, offset) {
    var n = 1;
    for (var i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
    return n;
  }

  function renderOutline(view) {
    var o = view.outline;
    $('outline-title').textContent = (o.items.length <= 10 ? '零一二三四五六七八九十'.charAt(o.items.length) : o.items.length) + '项法定事项';
    ui.items.textContent = '';
    o.items.forEach(function (it) {
      var li = el('li', it.found ? 'found' : 'missing sev-' + it.severity);
      var name = it.ordinal + it.name;
      if (it.found) {
        var b = el('button', 'link name', name);
        b.type = 'button';
        b.title = it.fullName + '\n' + it.reason;
        b.onclick = function () { jumpTo(it.range[0], it.range[1]); };
        li.appendChild(b);
        li.appendChild(el('span', 'state', (it.how === 'heading' ? '已写，有标题' : it.how === 'paragraph' ? '已写，无标题（按段落识别）' : '已写（按位置识别）') + (it.summary ? ' · ' + it.summary : '')));
      } else {
        li.appendChild(el('span', 'name', name));
        li.appendChild(el('span', 'state', '缺少（' + SEV_ZH[it.severity] + '）'));
        li.title = it.fullName;
        if (it.canInsert) {
          var ins = el('button', 'insert', '插入模板');
          ins.type = 'button';
          ins.setAttribute('aria-label', '插入“' + it.name + '”模板');
          ins.onclick = function () { applyFix({ kind: 'missing', item: it.id }, '已插入“' + it.name + '”模板，请把 ×× 换成实际内容。'); };
          li.appendChild(ins);
        }
      }
      ui.items.appendChild(li);
    });
    ui.headings.textContent = '';
    if (!o.headings.length) ui.headings.appendChild(el('li', 'empty-note', '没有识别到编号标题'));
    o.headings.forEach(function (h) {
      var li = el('li', h.item != null ? 'item' : '');
      li.style.paddingLeft = (h.depth * 14) + 'px';
      var b = el('button', 'link', h.text);
      b.type = 'button';
      b.onclick = function () { jumpTo(h.range[0], h.range[1]); };
      li.appendChild(b);
      if (h.item != null) li.appendChild(el('span', 'tag', '法定事项' + o.items[h.item].ordinal));
      ui.headings.appendChild(li);
    });
  }

  function counts(findings) {
    var c = { error: 0, warning: 0, information: 0, hint: 0 };
    findings.forEach(function (f) { c[f.severity]++; });
    return c;
  }

  function renderSummary(view) {
    var c = counts(view.file.findings);
    var missing = view.outline.items.filter(function (i) { return !i.found; }).length;
    ui.summary.textContent = '';
    var big = el('div', 'big');
    if (!view.file.findings.length) {
      big.textContent = '未发现问题';
    } else {
      big.appendChild(document.createTextNode('共 ' + view.file.findings.length + ' 处：'));
      ['error', 'warning', 'information', 'hint'].forEach(function (s, n) {
        if (n) big.appendChild(document.createTextNode('，'));
        big.appendChild(el('span', 'n-' + s, SEV_ZH[s] + ' ' + c[s]));
      });
    }
    ui.summary.appendChild(big);
    ui.summary.appendChild(el('div', '', view.profile.name + (view.file.year ? '（' + view.file.year + ' 年度）' : '') + ' · ' +
      (missing ? '法定事项缺 ' + missing + ' 项' : view.outline.items.length + ' 项法定事项齐全')));
    ui.filters.textContent = '';
    SEVERITIES.forEach(function (s) {
      var b = el('button', '', SEV_ZH[s] + ' ' + c[s]);
      b.type = 'button';
      b.setAttribute('aria-pressed', String(state.show[s]));
      b.title = (state.show[s] ? '隐藏' : '显示') + '“' + SEV_ZH[s] + '”级别的问题';
      b.onclick = function () { state.show[s] = !state.show[s]; applyFilters(); renderSummary(state.view); renderFindings(state.view); };
      ui.filters.appendChild(b);
    });
  }

  function applyFilters() {
    SEVERITIES.forEach(function (s) { ui.backdrop.classList.toggle('hide-' + s, !state.show[s]); });
  }

  function renderFindings(view) {
    var text = state.viewText;
    ui.findings.textContent = '';
    var shown = 0;
    var hidden = 0;
    // the most serious first, each severity in document order (as an editor's problem list)
    var order = view.file.findings.map(function (f, i) { return i; }).sort(function (a, b) {
      var fa = view.file.findings[a], fb = view.file.findings[b];
      return SEVERITIES.indexOf(fa.severity) - SEVERITIES.indexOf(fb.severity) || a - b;
    });
    order.forEach(function (i) {
      var f = view.file.findings[i];
      if (!state.show[f.severity]) { hidden++; return; }
      if (shown >= LIST_LIMIT) { hidden++; return; }
      shown++;
      var li = el('li');
      var b = el('button');
      b.type = 'button';
      b.setAttribute('data-i', i);
      var head = el('div');
      head.appendChild(el('span', 'badge sev-' + f.severity, SEV_ZH[f.severity]));
      head.appendChild(el('span', 'where', where(f) + ' · ' + (state.rules[f.rule] || f.rule)));
      b.appendChild(head);
      b.appendChild(el('span', 'text', f.message));
      b.onclick = function () { select(i, true); };
      li.appendChild(b);
      ui.findings.appendChild(li);
    });
    if (hidden) {
      ui.findings.appendChild(el('li', 'more', '另有 ' + hidden + ' 处未列出（被筛选隐藏' + (shown >= LIST_LIMIT ? '，或超过 ' + LIST_LIMIT + ' 处' : '') + '）'));
    }
    if (!view.file.findings.length) {
      ui.findings.appendChild(el('li', 'more', text && text.length ? '这份报告没有发现问题。' : ''));
    }
  }

  /** 第 7 行, or for an unchanged Word document where it is in Word: 第 7 行（第5段）. */
  function where(f) {
    var s = '第 ' + f.line + ' 行';
    var d = state.docx;
    if (d && state.checkedText === d.text && d.places[f.line - 1]) s += '（' + d.places[f.line - 1] + '）';
    return s;
  }

  function renderNotReport() {
    ui.items.textContent = '';
    ui.headings.textContent = '';
    ui.findings.textContent = '';
    ui.filters.textContent = '';
    ui.detail.textContent = '';
    ui.detail.className = 'detail';
    ui.summary.textContent = '';
    ui.summary.appendChild(el('div', 'big', '未识别为法治政府建设年度报告'));
    ui.summary.appendChild(el('div', '', '标题或开头段需要写明“法治政府建设”和年份，例如“关于2024年度法治政府建设情况的报告”。'));
    var b = el('button', '', '仍按年度报告检查');
    b.type = 'button';
    b.onclick = function () { state.all = true; schedule(true); };
    ui.summary.appendChild(b);
  }

  function showEmpty() {
    state.view = null;
    state.viewText = '';
    state.marks = [];
    renderBackdrop('');
    ui.items.textContent = '';
    if (engine) {
      engine.info().profiles[0].items.forEach(function (it) {
        var li = el('li', 'pending');
        li.appendChild(el('span', 'name', it.ordinal + it.name));
        li.appendChild(el('span', 'state', '粘贴报告后检查'));
        ui.items.appendChild(li);
      });
    }
    ui.headings.textContent = '';
    renderPrevious();
    ui.findings.textContent = '';
    ui.filters.textContent = '';
    ui.detail.textContent = '';
    ui.detail.className = 'detail';
    ui.summary.textContent = '';
    var w = el('div', 'welcome');
    w.innerHTML = '<b>使用方法</b><ol><li>把报告全文粘贴到中间（<kbd>Ctrl</kbd>+<kbd>V</kbd>），或点“打开文件…”。</li>' +
      '<li>停笔片刻即自动检查：左侧看五项法定事项是否齐全，中间原文标出问题，右侧列出全部问题，点一条即跳到原文。</li>' +
      '<li>“全部改正标点”“重新编号”“补齐缺少的事项”一键改正；改好后点“复制改好的全文”，粘贴回 WPS 或 Word。</li></ol>' +
      '<p>快捷键：<kbd>F8</kbd> 下一处问题，<kbd>Shift</kbd>+<kbd>F8</kbd> 上一处，<kbd>Ctrl</kbd>+<kbd>O</kbd> 打开文件。</p>' +
      '<p>检查全部在本机完成，不联网，不上传任何内容。</p>';
    var b = el('button', '', '插入报告框架');
    b.type = 'button';
    b.title = '插入一份年度报告的标题、五项法定事项和落款，再逐项填写';
    b.onclick = function () {
      call('', { op: 'skeleton', options: { today: GongwenEngine.todayCST() } }).then(function (r) {
        replaceText(r.value.text, '已插入报告框架，请把 ×× 换成实际内容。');
      }, function (e) { notice(e.message, true); });
    };
    w.appendChild(b);
    ui.summary.appendChild(w);
    updateButtons();
    updateStatus();
  }

  /** Set a text only when it changes (every write costs a layout). */
  function setText(e, t) { if (e.textContent !== t) e.textContent = t; }
  function setDisabled(e, d) { if (e.disabled !== d) e.disabled = d; }

  function updateButtons() {
    var v = state.view;
    var f = v && v.report ? v.fixable : { punctuation: 0, numbering: 0, missing: 0 };
    setDisabled(ui.fixPunct, !f.punctuation);
    setText(ui.fixPunct, '全部改正标点' + (f.punctuation ? '（' + f.punctuation + ' 处）' : ''));
    setDisabled(ui.fixNumbering, !f.numbering);
    setText(ui.fixNumbering, '重新编号' + (f.numbering ? '（' + f.numbering + ' 处）' : ''));
    setDisabled(ui.fixMissing, !f.missing);
    setText(ui.fixMissing, '补齐缺少的事项' + (f.missing ? '（' + f.missing + ' 项）' : ''));
    setDisabled(ui.undo, !state.undo.length);
    var has = ui.text.value.length > 0;
    setDisabled(ui.copy, !has);
    setDisabled(ui.save, !has);
  }

  function updateStatus() {
    var t = ui.text.value;
    var parts = [];
    var chars = t.replace(/\s/g, '').length;
    parts.push('全文 ' + chars + ' 字');
    var pos = ui.text.selectionStart || 0;
    if (t.length < 2000000) parts.push('第 ' + lineOf(t, pos) + ' 行');
    if (state.path) parts.push(state.path + '（' + state.encoding + '）');
    if (state.lastMs != null) parts.push('检查用时 ' + (state.lastMs < 10 ? state.lastMs.toFixed(1) : Math.round(state.lastMs)) + ' 毫秒');
    parts.push(worker && workerReady ? '后台检查' : '本页检查');
    parts.push('不联网');
    setText(ui.status, parts.join(' · '));
  }

  // ---------------------------------------------------------------- selecting and jumping

  /** Scroll the textarea so that [from, to) is in view, select it and flash its mark. */
  function jumpTo(from, to, keepFocus) {
    var y = offsetTop(from);
    ui.text.focus({ preventScroll: true });
    ui.text.setSelectionRange(from, Math.max(from, to));
    if (y != null) ui.text.scrollTop = Math.max(0, y - ui.text.clientHeight / 3);
    ui.backdrop.scrollTop = ui.text.scrollTop;
    if (keepFocus) keepFocus.focus({ preventScroll: true });
    updateStatus();
  }

  /** The y of UTF-16 offset `at` in the backdrop's content. */
  function offsetTop(at) {
    var segs = state.segs;
    if (!segs || !segs.starts.length) return null;
    var k = Math.max(0, upper(segs.starts, at) - 1);
    var node = segs.nodes[k];
    var off = Math.min(Math.max(0, at - segs.starts[k]), node.data.length);
    var r = document.createRange();
    r.setStart(node, off);
    r.setEnd(node, Math.min(off + 1, node.data.length));
    var rect = r.getClientRects()[0] || r.getBoundingClientRect();
    var box = ui.backdrop.getBoundingClientRect();
    return rect.top - box.top + ui.backdrop.scrollTop;
  }

  function markElements(i) {
    return ui.backdrop.querySelectorAll('mark[data-f~="' + i + '"]');
  }

  function select(i, jump) {
    var v = state.view;
    if (!v || !v.report || i < 0 || i >= v.file.findings.length) return;
    state.selected = i;
    var m = state.marks[i];
    Array.prototype.forEach.call(ui.backdrop.querySelectorAll('mark.current'), function (e) { e.classList.remove('current'); });
    Array.prototype.forEach.call(markElements(i), function (e) {
      e.classList.add('current');
      if (jump) { e.classList.remove('flash'); void e.offsetWidth; e.classList.add('flash'); }
    });
    Array.prototype.forEach.call(ui.findings.querySelectorAll('button[aria-current]'), function (b) { b.removeAttribute('aria-current'); });
    var item = ui.findings.querySelector('button[data-i="' + i + '"]');
    if (item) {
      item.setAttribute('aria-current', 'true');
      item.scrollIntoView({ block: 'nearest' });
    }
    renderDetail(i);
    if (jump) jumpTo(m.from, m.to);
  }

  function explainHtml(md) {
    var out = document.createElement('div');
    out.className = 'explain';
    var list = null;
    md.split('\n').forEach(function (line) {
      if (!line.trim()) { list = null; return; }
      if (/^- /.test(line)) {
        if (!list) { list = el('ul'); out.appendChild(list); }
        list.appendChild(el('li', '', line.slice(2)));
        return;
      }
      list = null;
      var p = el('div');
      line.split(/\*\*/).forEach(function (part, n) {
        p.appendChild(n % 2 ? el('strong', '', part) : document.createTextNode(part));
      });
      out.appendChild(p);
    });
    return out;
  }

  function renderDetail(i) {
    var v = state.view;
    var f = v.file.findings[i];
    var m = v.marks[i];
    var d = ui.detail;
    d.textContent = '';
    d.className = 'detail sev-' + f.severity;
    var head = el('div', 'head');
    head.appendChild(el('span', 'badge sev-' + f.severity, SEV_ZH[f.severity]));
    head.appendChild(document.createTextNode(' ' + (state.rules[f.rule] || '') + '（' + f.rule + '）· ' + where(f) + '第 ' + f.column + ' 字'));
    d.appendChild(head);
    d.appendChild(el('p', 'msg', f.message));
    if (f.data && f.data.arithmetic) d.appendChild(el('div', 'arith', '算式：' + f.data.arithmetic));
    if (m.related && m.related.length) {
      var ul = el('ul', 'related');
      m.related.forEach(function (r) {
        var li = el('li');
        if (r.range) {
          var b = el('button', 'link', '→ ' + r.message);
          b.type = 'button';
          b.onclick = function () { jumpTo(r.range[0], r.range[1]); };
          li.appendChild(b);
        } else {
          // in last year's report: where, to look it up there
          li.textContent = '↗ ' + r.message + (r.previousLine ? '（上年度报告第 ' + r.previousLine + ' 行）' : '');
        }
        ul.appendChild(li);
      });
      d.appendChild(ul);
    }
    if (m.figure) {
      // how the figure was read and every check it takes part in, asked for now
      var slot = el('div');
      d.appendChild(slot);
      var text = state.checkedText;
      call(text, { op: 'explain', offset: m.range[0], options: options() }).then(function (r) {
        if (state.selected === i && state.checkedText === text && r.value.explain) slot.appendChild(explainHtml(r.value.explain));
      }, function () {});
    }
    if (f.fixes && f.fixes.length) {
      var fx = el('div', 'fixes');
      f.fixes.forEach(function (x, k) {
        var b = el('button', '', '改正：' + x.title);
        b.type = 'button';
        b.onclick = function () {
          applyFix({ kind: 'finding', index: i, fix: k, rule: f.rule, byteOffset: f.byteOffset }, '已改正：' + x.title);
        };
        fx.appendChild(b);
      });
      d.appendChild(fx);
    }
  }

  /** The findings covering UTF-16 offset `at`, most serious first. */
  function findingsAt(at) {
    return state.marks.filter(function (m) { return m.from <= at && at <= m.to; })
      .sort(function (a, b) { return SEVERITIES.indexOf(a.sev) - SEVERITIES.indexOf(b.sev); });
  }

  function selectAtCaret() {
    if (!state.view || !state.view.report) return;
    var at = ui.text.selectionStart;
    var hits = findingsAt(at).filter(function (m) { return state.show[m.sev]; });
    if (hits.length && hits[0].i !== state.selected) select(hits[0].i, false);
  }

  /** F8 / Shift+F8: the next (previous) visible finding after (before) the caret. */
  function step(dir) {
    if (!state.view || !state.view.report) return;
    var at = ui.text.selectionStart;
    var list = state.marks.filter(function (m) { return state.show[m.sev]; })
      .sort(function (a, b) { return a.from - b.from || a.i - b.i; });
    if (!list.length) return;
    var cur = state.selected >= 0 ? state.marks[state.selected] : null;
    var pick;
    if (dir > 0) {
      pick = list.find(function (m) { return m.from > at || (cur && m.from === at && m.i > cur.i && m !== cur); }) || list[0];
    } else {
      var before = list.filter(function (m) { return m.from < at || (cur && m.from === at && m.i < cur.i); });
      pick = before.length ? before[before.length - 1] : list[list.length - 1];
    }
    select(pick.i, true);
  }

  // ---------------------------------------------------------------- hover tooltip

  var tipFrame = 0;
  function onHover(e) {
    if (tipFrame) return;
    var x = e.clientX, y = e.clientY;
    tipFrame = requestAnimationFrame(function () {
      tipFrame = 0;
      var stack = document.elementsFromPoint(x, y);
      var mark = null;
      for (var n = 0; n < stack.length; n++) {
        if (stack[n].nodeName === 'MARK' && ui.backdrop.contains(stack[n])) { mark = stack[n]; break; }
      }
      if (!mark || !state.view || !state.view.report) { hideTip(); return; }
      showTip(mark.getAttribute('data-f').split(' ').map(Number), x, y);
    });
  }

  function showTip(ids, x, y) {
    var v = state.view;
    var tip = ui.tip;
    tip.textContent = '';
    ids.filter(function (i) { return v.file.findings[i] && state.show[v.file.findings[i].severity]; })
      .slice(0, 4).forEach(function (i) {
        var f = v.file.findings[i];
        var one = el('div', 'one');
        one.appendChild(el('span', 'badge sev-' + f.severity, SEV_ZH[f.severity]));
        one.appendChild(document.createTextNode(' ' + f.message));
        if (f.data && f.data.arithmetic) one.appendChild(el('div', 'arith', '算式：' + f.data.arithmetic));
        tip.appendChild(one);
      });
    if (!tip.childNodes.length) { hideTip(); return; }
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.min(x + 14, window.innerWidth - w - 8);
    var top = y + 18 + h > window.innerHeight ? y - h - 12 : y + 18;
    tip.style.left = Math.max(4, left) + 'px';
    tip.style.top = Math.max(4, top) + 'px';
  }

  function hideTip() { ui.tip.hidden = true; }

  // ---------------------------------------------------------------- changing the text

  /** Replace the whole text (a fix, a file, the skeleton), keeping the browser's undo when it can. */
  function replaceText(newText, message, keepUndo) {
    var old = ui.text.value;
    if (newText === old) { notice('没有需要改动的地方。'); return; }
    if (!keepUndo) {
      state.undo.push(old);
      if (state.undo.length > 20) state.undo.shift();
    }
    var top = ui.text.scrollTop;
    ui.text.focus({ preventScroll: true });
    var done = false;
    if (newText.length < 300000 && document.execCommand) {
      ui.text.select();
      try { done = document.execCommand('insertText', false, newText); } catch (e) { done = false; }
    }
    if (!done || ui.text.value !== newText) ui.text.value = newText;
    ui.text.setSelectionRange(0, 0);
    ui.text.scrollTop = top;
    onTextChanged(old, true);
    if (message) notice(message + (state.undo.length ? '可点“撤销改正”恢复。' : ''));
  }

  function applyFix(fix, message) {
    var text = ui.text.value;
    call(text, { op: 'fix', fix: fix, options: options() }).then(function (r) {
      if (ui.text.value !== text) { notice('文本已经改变，请再点一次。', true); return; }
      var n = r.value.applied;
      replaceText(r.value.text, message.replace('{n}', n));
    }, function (e) { notice(e.message, true); });
  }

  var lastText = '';
  function onTextChanged(old, now) {
    var t = ui.text.value;
    patchBackdrop(old != null ? old : lastText, t);
    lastText = t;
    state.dirty = t.length > 0;
    updateButtons();
    updateStatus();
    schedule(now);
  }

  // ---------------------------------------------------------------- files

  /** Decode a text file: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (WPS/Word "纯文本"). */
  function decode(bytes) {
    var b = new Uint8Array(bytes);
    if (b[0] === 0xEF && b[1] === 0xBB && b[2] === 0xBF) {
      return { text: new TextDecoder('utf-8').decode(b.subarray(3)), encoding: 'UTF-8' };
    }
    if (b[0] === 0xFF && b[1] === 0xFE) return { text: new TextDecoder('utf-16le').decode(b.subarray(2)), encoding: 'UTF-16LE' };
    if (b[0] === 0xFE && b[1] === 0xFF) return { text: new TextDecoder('utf-16be').decode(b.subarray(2)), encoding: 'UTF-16BE' };
    try {
      var s = new TextDecoder('utf-8', { fatal: true }).decode(b);
      if (s.indexOf('\0') !== -1) throw new Error('binary');
      return { text: s, encoding: 'UTF-8' };
    } catch (e) {
      if (b.indexOf(0) !== -1) return null;
      try {
        return { text: new TextDecoder('gb18030', { fatal: true }).decode(b), encoding: 'GB18030' };
      } catch (e2) {
        return null;
      }
    }
  }

  /** Readers for formats that are not plain text, by extension: bytes (ArrayBuffer) → text, or
   *  a Promise of it. The built-in .docx reader (server/docx, in the module) is the default; an
   *  add-in may set its own. */
  var readers = {
    docx: function (bytes) {
      return call(new Uint8Array(bytes), { op: 'docx' }).then(function (r) {
        state.docx = { text: r.value.text, places: r.value.places };
        return r.value.text;
      });
    },
  };

  function extension(name) { return ((name.match(/\.([^.\\/]+)$/) || ['', ''])[1]).toLowerCase(); }

  /** Read a file as text: done(text, name, encoding, isDocx), or a notice saying why not. */
  function readFile(file, done) {
    if (!file) return;
    var name = file.name || '';
    var ext = extension(name);
    var kind = engine ? engine.fileKind(name) : { kind: ext === 'docx' ? 'docx' : 'text' };
    if (kind.kind === 'unsupported') { notice(kind.message, true); return; }
    var reader = new FileReader();
    reader.onerror = function () { notice('无法读取文件“' + name + '”。', true); };
    reader.onload = function () {
      var bytes = reader.result;
      if (kind.kind === 'docx') {
        var read = readers[ext] || readers.docx;
        if (!read) { notice('暂不支持 .' + ext + '，请另存为 .txt。', true); return; }
        Promise.resolve().then(function () { return read(bytes); }).then(function (text) {
          done(text, name, 'DOCX', true);
        }, function (e) { notice('无法读取“' + name + '”：' + e.message, true); });
        return;
      }
      var d = decode(bytes);
      if (!d) { notice('“' + name + '”不是文本文件，或编码无法识别（支持 .docx 和 UTF-8、GB18030/GBK、带 BOM 的 UTF-16 文本）。', true); return; }
      done(d.text, name, d.encoding, false);
    };
    reader.readAsArrayBuffer(file);
  }

  function openFile(file) {
    readFile(file, function (text, name, encoding, docx) { loaded(text, name, encoding, docx); });
  }

  /** Last year's report: the year-over-year checks compare with it. */
  function openPrevious(file) {
    readFile(file, function (text, name) {
      state.previous = { text: text, name: name };
      renderPrevious();
      notice('已选择上年度报告“' + name + '”。');
      schedule(true);
    });
  }

  function renderPrevious() {
    var box = $('previous');
    box.textContent = '';
    var v = state.view;
    if (!state.previous) {
      box.appendChild(el('p', 'state', '选择去年的报告，可查出与去年雷同的段落、去年安排的事项今年没有交代、同比数字与去年报告不符等。'));
      var pick = el('button', 'insert', '选择上年度报告…');
      pick.type = 'button';
      pick.onclick = function () { $('previous-file').click(); };
      box.appendChild(pick);
      return;
    }
    box.appendChild(el('span', 'name', state.previous.name));
    // used: the page's own words (the module's note names how the caller gave the file);
    // refused: the module's reason (another year, another body, another kind of report)
    var p = v && v.report ? v.previous : null;
    var note = !p ? '比对中……'
      : p.used ? '已与这份报告比对：与去年雷同的段落、去年安排的事项、同比数字的问题列在右侧。'
      : p.note;
    box.appendChild(el('p', 'state' + (p && !p.used ? ' warn' : ''), note));
    var change = el('button', 'insert', '更换…');
    change.type = 'button';
    change.onclick = function () { $('previous-file').click(); };
    var drop = el('button', 'insert', '不比对');
    drop.type = 'button';
    drop.onclick = function () { state.previous = null; renderPrevious(); schedule(true); };
    box.appendChild(change);
    box.appendChild(document.createTextNode(' '));
    box.appendChild(drop);
  }

  function loaded(text, name, encoding, docx) {
    if (!docx) state.docx = null;
    // a .docx is checked as the plain text it reads as
    state.path = docx ? name.replace(/\.[^.]+$/, '.txt') : name;
    state.encoding = encoding;
    state.all = false;
    state.undo = [];
    replaceText(text, null, true);
    ui.text.scrollTop = 0;
    notice('已打开“' + name + '”（' + encoding + '）。');
  }

  // ---------------------------------------------------------------- copy, save, print

  function copyAll() {
    var text = ui.text.value;
    var done = function () { state.dirty = false; notice('已复制全文（' + text.replace(/\s/g, '').length + ' 字），可以粘贴回 WPS 或 Word。'); };
    var fallback = function () {
      var top = ui.text.scrollTop;
      ui.text.focus();
      ui.text.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      ui.text.setSelectionRange(0, 0);
      ui.text.scrollTop = top;
      if (ok) done(); else notice('浏览器不允许自动复制：请按 Ctrl+A 全选，再按 Ctrl+C 复制。', true);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function saveAll() {
    var text = ui.text.value.replace(/\r?\n/g, '\r\n');
    var blob = new Blob(['\ufeff' + text], { type: 'text/plain;charset=utf-8' });
    var a = document.createElement('a');
    var base = state.path ? state.path.replace(/\.[^.]+$/, '') : '法治政府建设年度报告';
    a.href = URL.createObjectURL(blob);
    a.download = base + '（已检查）.txt';
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    state.dirty = false;
    notice('已保存为“' + a.download + '”（UTF-8，Windows 换行）。');
  }

  // ---------------------------------------------------------------- events

  ui.text.addEventListener('input', function () { onTextChanged(null, false); });
  ui.text.addEventListener('scroll', function () { ui.backdrop.scrollTop = ui.text.scrollTop; hideTip(); });
  ui.text.addEventListener('mousemove', onHover);
  ui.text.addEventListener('mouseleave', hideTip);
  ui.text.addEventListener('click', function () { selectAtCaret(); updateStatus(); });
  ui.text.addEventListener('keyup', function (e) {
    if (/^(Arrow|Page|Home|End)/.test(e.key)) { selectAtCaret(); updateStatus(); }
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'F8') { e.preventDefault(); step(e.shiftKey ? -1 : 1); }
    else if (e.key === 'Escape') hideTip();
    else if ((e.ctrlKey || e.metaKey) && (e.key === 'o' || e.key === 'O')) { e.preventDefault(); ui.file.click(); }
  });
  ui.findings.addEventListener('keydown', function (e) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    var all = Array.prototype.slice.call(ui.findings.querySelectorAll('button'));
    var k = all.indexOf(document.activeElement);
    if (k < 0) return;
    e.preventDefault();
    var next = all[Math.max(0, Math.min(all.length - 1, k + (e.key === 'ArrowDown' ? 1 : -1)))];
    next.focus();
    select(Number(next.getAttribute('data-i')), false);
    var m = state.marks[Number(next.getAttribute('data-i'))];
    if (m) jumpTo(m.from, m.to, next);
  });
  $('open').onclick = function () { ui.file.click(); };
  ui.file.onchange = function () { openFile(ui.file.files[0]); ui.file.value = ''; };
  $('previous-file').onchange = function () { openPrevious(this.files[0]); this.value = ''; };
  document.addEventListener('dragover', function (e) { e.preventDefault(); });
  document.addEventListener('drop', function (e) {
    if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) { e.preventDefault(); openFile(e.dataTransfer.files[0]); }
  });
  ui.fixPunct.onclick = function () { applyFix({ kind: 'punctuation' }, '已改正 {n} 处标点。'); };
  ui.fixNumbering.onclick = function () { applyFix({ kind: 'numbering' }, '已重新编号（{n} 处）。'); };
  ui.fixMissing.onclick = function () { applyFix({ kind: 'missing', item: 'all' }, '已插入 {n} 项缺少的事项模板，请把 ×× 换成实际内容。'); };
  ui.undo.onclick = function () {
    if (!state.undo.length) return;
    var prev = state.undo.pop();
    replaceText(prev, '已撤销上一次改正。', true);
  };
  ui.copy.onclick = copyAll;
  ui.save.onclick = saveAll;
  $('print').onclick = function () { window.print(); };
  window.addEventListener('beforeunload', function (e) {
    if (state.dirty && ui.text.value.length > 200) { e.preventDefault(); e.returnValue = ''; }
  });

  // ---------------------------------------------------------------- start

  /** The engine for other scripts on the page (a WPS/Word add-in, tests); see docs/web.md. */
  var api = {
    /** Resolves when check() and the others can be called. */
    ready: null,
    version: null,
    check: function (text, opts) { return need().check(text, opts); },
    view: function (text, opts) { return need().view(text, opts); },
    fix: function (text, fix, opts) { return need().fix(text, fix, opts); },
    explain: function (text, offset, opts) { return need().explain(text, offset, opts); },
    skeleton: function (opts) { return need().skeleton(opts); },
    info: function () { return need().info(); },
    /** check() in the page's Web Worker: a Promise, for long texts. */
    checkAsync: function (text, opts) {
      return call(String(text), { op: 'check', options: opts || {} }).then(function (r) { return r.value; });
    },
    /** The page's last check: {length, findings, checkMs, renderMs, count}; a `gongwen:checked`
     *  event is dispatched on window after each. */
    lastCheck: null,
    /** The text the shown results are about (equal to text() once the page has caught up). */
    checkedText: function () { return state.checkedText; },
    /** Readers of non-text formats by extension (see openFile). */
    readers: readers,
    /** The page's text: get, or set as if the drafter had pasted it. */
    text: function (t) {
      if (t === undefined) return ui.text.value;
      replaceText(String(t), null, true);
      return t;
    },
  };
  function need() {
    if (!engine) throw new Error('检查程序尚未加载完成：请先 await gongwen.ready');
    return engine;
  }
  window.gongwen = api;

  api.ready = GongwenEngine.createGongwen(wasmBytes).then(function (e) {
    engine = e;
    var info = e.info();
    api.version = info.version;
    info.rules.forEach(function (r) { state.rules[r.id] = r.name; });
    // warm up: the first call compiles the module's code
    e.view('关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n全年办结10件。\n', {});
    if (!ui.text.value.trim()) showEmpty(); else if (!worker) kick();
    return api;
  }, function (err) {
    notice('检查程序无法加载：' + err.message + '。请使用新版 Chrome、Edge、Firefox 或 360 浏览器（极速模式）。', true);
    throw err;
  });
  startWorker();
  lastText = ui.text.value;
  if (ui.text.value) schedule(true); else showEmpty();
})();
