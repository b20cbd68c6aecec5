#!/usr/bin/env node
// Assemble the one-file page: node assemble.js MODULE.wasm OUT.html VERSION
// Inlines style.css, ../js/gongwen.js, worker.js, app.js and the module (base64) into index.html.
'use strict';
const fs = require('fs');
const path = require('path');

const [wasmPath, outPath, version] = process.argv.slice(2);
if (!wasmPath || !outPath || !version) {
  console.error('usage: assemble.js MODULE.wasm OUT.html VERSION');
  process.exit(2);
}
const here = __dirname;
const read = (p) => fs.readFileSync(path.join(here, p), 'utf8');
const js = (p) => {
  const s = read(p);
  // inline scripts end at the first "</script": none may contain it
  if (/<\/script/i.test(s) || /<!--/.test(s)) throw new Error(`${p} contains </script or <!--`);
  return s;
};
const parts = {
  '/*STYLE*/': read('style.css'),
  '/*ENGINE*/': js('../js/gongwen.js'),
  '/*WORKER*/': js('worker.js'),
  '/*APP*/': js('app.js'),
  __WASM_BASE64__: fs.readFileSync(wasmPath).toString('base64'),
  __VERSION__: version,
};
let html = read('index.html');
for (const [key, value] of Object.entries(parts)) {
  if (!html.includes(key)) throw new Error(`index.html lacks ${key}`);
  html = html.split(key).join(value);
}
fs.mkdirSync(path.dirname(outPath), { recursive: true });
fs.writeFileSync(outPath, html);
console.log(`${outPath}: ${html.length} bytes`);
