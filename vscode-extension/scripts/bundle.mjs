// Bundle src/extension.ts and its dependencies (vscode-languageclient) into dist/extension.js.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = !process.argv.includes('--dev');

await build({
  absWorkingDir: root,
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  external: ['vscode'],
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'inline',
  logLevel: 'info',
});
