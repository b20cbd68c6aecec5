/*
 * The page's Web Worker: owns one instance of the engine and answers the page's requests, so
 * that checking a long report never blocks typing or scrolling. Runs after gongwen.js in the
 * same worker script (the page builds it from both).
 *
 * Messages in:  {type: 'init', bytes}                      → {type: 'ready', ms} | {type: 'failed', error}
 *               {type: 'call', id, text, request}          → {type: 'result', id, value, ms} | {type: 'error', id, error}
 */
/* global GongwenEngine */
(function () {
  'use strict';
  var engine = null;
  var now = function () { return (self.performance || Date).now(); };

  self.onmessage = function (e) {
    var m = e.data;
    if (m.type === 'init') {
      try {
        var t0 = now();
        engine = GongwenEngine.createGongwenSync(m.bytes);
        // the first call compiles the module's code lazily: pay for it before the drafter types
        engine.view('关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n全年办结10件。\n', {});
        self.postMessage({ type: 'ready', ms: now() - t0 });
      } catch (err) {
        self.postMessage({ type: 'failed', error: String(err && err.message || err) });
      }
      return;
    }
    if (m.type === 'call') {
      var t1 = now();
      try {
        var value = engine.call(m.text, m.request);
        self.postMessage({ type: 'result', id: m.id, value: value, ms: now() - t1 });
      } catch (err) {
        self.postMessage({ type: 'error', id: m.id, error: String(err && err.message || err) });
      }
    }
  };
})();
