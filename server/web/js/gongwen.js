/*
 * gongwen.js — the JavaScript side of the gongwen WebAssembly module (server/web).
 *
 * Works in a page, in a Web Worker and in node (CommonJS). No dependencies, no network.
 *
 *   const engine = await createGongwen(wasmBytes);   // or a compiled WebAssembly.Module
 *   engine.check(text, {path: '草稿.txt'})           // one file of `gongwen-ls check --format json`
 *
 * createGongwenSync(bytesOrModule) does the same synchronously (allowed in workers and node;
 * browsers refuse to compile a module this large synchronously on the page's main thread).
 * See docs/web.md for every method and the shape of the results.
 */
(function (root) {
  'use strict';

  var encoder = new TextEncoder();
  var decoder = new TextDecoder('utf-8');

  /** Today's date in China Standard Time (UTC+8), as YYYY-MM-DD — what the CLI uses. */
  function todayCST() {
    var d = new Date(Date.now() + 8 * 3600 * 1000);
    var p = function (n) { return (n < 10 ? '0' : '') + n; };
    return d.getUTCFullYear() + '-' + p(d.getUTCMonth() + 1) + '-' + p(d.getUTCDate());
  }

  function GongwenError(message) {
    var e = new Error(message);
    e.name = 'GongwenError';
    return e;
  }

  function wrap(instance) {
    var x = instance.exports;
    var required = ['memory', 'gongwen_alloc', 'gongwen_free', 'gongwen_run',
      'gongwen_output_ptr', 'gongwen_output_len'];
    required.forEach(function (name) {
      if (!(name in x)) throw GongwenError('不是 gongwen 模块：缺少导出 ' + name);
    });

    /** Copy a string (as UTF-8) or bytes into the module; returns [ptr, len, capacity]. */
    function put(s) {
      if (typeof s !== 'string') {
        var bytes = s instanceof Uint8Array ? s : new Uint8Array(s);
        var p = x.gongwen_alloc(bytes.length);
        new Uint8Array(x.memory.buffer, p, bytes.length).set(bytes);
        return [p, bytes.length, bytes.length];
      }
      var cap = s.length * 3;
      var ptr = x.gongwen_alloc(cap);
      var len = 0;
      if (cap > 0) {
        len = encoder.encodeInto(s, new Uint8Array(x.memory.buffer, ptr, cap)).written;
      }
      return [ptr, len, cap];
    }

    /** Send one request about a text (or, for `docx`, bytes); returns the parsed answer or
     *  throws its Chinese error. */
    function call(text, request) {
      if (text == null) text = '';
      else if (!(text instanceof Uint8Array || text instanceof ArrayBuffer)) text = String(text);
      var t = put(text);
      var r = put(JSON.stringify(request));
      var status;
      try {
        status = x.gongwen_run(t[0], t[1], r[0], r[1]);
      } finally {
        x.gongwen_free(t[0], t[2]);
        x.gongwen_free(r[0], r[2]);
      }
      var out = new Uint8Array(x.memory.buffer, x.gongwen_output_ptr(), x.gongwen_output_len());
      var value = JSON.parse(decoder.decode(out));
      if (status !== 0) throw GongwenError(value.error || '检查失败');
      return value;
    }

    var info = null;
    return {
      /** One file of `gongwen-ls check --format json` for `text`. */
      check: function (text, options) {
        return call(text, { op: 'check', options: options || {} });
      },
      /** The page's model of `text`: {file, report, length, marks, outline, fixable}. */
      view: function (text, options) {
        return call(text, { op: 'view', options: options || {} });
      },
      /** Apply a one-click fix; returns {text, applied}. */
      fix: function (text, fix, options) {
        return call(text, { op: 'fix', fix: fix, options: options || {} });
      },
      /** How the figure at UTF-16 offset `offset` was read and checked (Markdown), or null. */
      explain: function (text, offset, options) {
        return call(text, { op: 'explain', offset: offset, options: options || {} }).explain;
      },
      /** The skeleton of a new report, dated today (UTC+8) unless options.today is given. */
      skeleton: function (options) {
        var o = Object.assign({ today: todayCST() }, options || {});
        return call('', { op: 'skeleton', options: o }).text;
      },
      /** A Word document (.docx bytes) as the text the checker reads: {text, places}, where
       *  places[i] says where line i came from (第3段, 表格1第2行). */
      readDocx: function (bytes) {
        return call(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), { op: 'docx' });
      },
      /** What a file name's extension says: {kind: 'docx' | 'text' | 'unsupported', message?}. */
      fileKind: function (name) {
        var m = /\.([^.\\/]+)$/.exec(String(name));
        return call('', { op: 'fileKind', ext: m ? m[1] : '' });
      },
      /** {version, rules: [{id, name, severity, summary}], profiles: [{id, name, items}]} */
      info: function () {
        if (!info) info = call('', { op: 'info' });
        return info;
      },
      /** The raw request interface (see server/web/src/lib.rs). */
      call: call,
    };
  }

  var imports = {};

  function createGongwenSync(source) {
    var module = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source);
    return wrap(new WebAssembly.Instance(module, imports));
  }

  function createGongwen(source) {
    if (source instanceof WebAssembly.Module) {
      return WebAssembly.instantiate(source, imports).then(wrap);
    }
    return WebAssembly.instantiate(source, imports).then(function (r) { return wrap(r.instance); });
  }

  /** Decode a base64 string (the page embeds the module this way) into bytes. */
  function fromBase64(b64) {
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  var api = {
    createGongwen: createGongwen,
    createGongwenSync: createGongwenSync,
    fromBase64: fromBase64,
    todayCST: todayCST,
  };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.GongwenEngine = api;
  }
})(typeof self !== 'undefined' ? self : this);
