import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  UNIVERSAL_TARGETS,
  bundledPath,
  cargoExecutable,
  checkBinaryForTarget,
  detectBinary,
  hostTarget,
  missingUniversalTargets,
  parseArgs,
  rustTargetMatches,
  serverFileName,
} from '../packaging.mjs';

function elf(machine) {
  const b = Buffer.alloc(64);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1], 0);
  b.writeUInt16LE(machine, 18);
  return b;
}

function pe(machine) {
  const b = Buffer.alloc(0x100);
  b.set([0x4d, 0x5a], 0);
  b.writeUInt32LE(0x80, 0x3c);
  b.writeUInt32LE(0x00004550, 0x80);
  b.writeUInt16LE(machine, 0x84);
  return b;
}

function macho(cpu) {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(cpu, 4);
  return b;
}

describe('detectBinary / checkBinaryForTarget', () => {
  it('recognises ELF, PE and Mach-O and their architectures', () => {
    assert.deepEqual(detectBinary(elf(0x3e)), { format: 'elf', arch: 'x64' });
    assert.deepEqual(detectBinary(elf(0xb7)), { format: 'elf', arch: 'arm64' });
    assert.deepEqual(detectBinary(pe(0x8664)), { format: 'pe', arch: 'x64' });
    // EM_LOONGARCH = 258
    assert.deepEqual(detectBinary(elf(258)), { format: 'elf', arch: 'loong64' });
    assert.deepEqual(detectBinary(elf(0xf3)), { format: 'elf', arch: 'elf-machine-243' });
    assert.deepEqual(detectBinary(macho(0x0100000c)), { format: 'macho', arch: 'arm64' });
    assert.equal(detectBinary(Buffer.from('#!/bin/sh\necho hi\n')), undefined);
  });

  it('accepts a matching binary and explains a mismatch', () => {
    assert.equal(checkBinaryForTarget(elf(0x3e), 'linux-x64'), undefined);
    assert.equal(checkBinaryForTarget(pe(0x8664), 'win32-x64'), undefined);
    assert.equal(checkBinaryForTarget(macho(0x0100000c), 'darwin-arm64'), undefined);
    assert.match(checkBinaryForTarget(elf(0x3e), 'win32-x64'), /elf binary, target win32-x64 needs pe/);
    assert.match(checkBinaryForTarget(elf(0xb7), 'linux-x64'), /built for arm64/);
    assert.match(checkBinaryForTarget(Buffer.from('text'), 'linux-x64'), /not an executable/);
    assert.match(checkBinaryForTarget(elf(0x3e), 'plan9-x64'), /unknown target/);
    // The universal VSIX's machines: each refuses the others' binaries.
    assert.equal(checkBinaryForTarget(elf(258), 'linux-loong64'), undefined);
    assert.equal(checkBinaryForTarget(elf(0xb7), 'linux-arm64'), undefined);
    assert.match(checkBinaryForTarget(elf(0xb7), 'linux-loong64'), /built for arm64, target linux-loong64 needs loong64/);
    assert.match(checkBinaryForTarget(elf(258), 'linux-arm64'), /built for loong64/);
    assert.match(checkBinaryForTarget(pe(0x8664), 'linux-x64'), /pe binary, target linux-x64 needs elf/);
    assert.match(checkBinaryForTarget(pe(0xaa64), 'win32-x64'), /built for arm64/);
  });

  it('checks the real host binary format when one is built', async () => {
    // The test runner itself is an executable of the host target.
    const fs = await import('node:fs');
    const host = hostTarget();
    if (host === undefined) return;
    assert.equal(checkBinaryForTarget(fs.readFileSync(process.execPath), host), undefined);
  });
});

describe('targets', () => {
  it('names the server per platform', () => {
    assert.equal(serverFileName('win32-x64'), 'gongwen-ls.exe');
    assert.equal(serverFileName('linux-x64'), 'gongwen-ls');
    assert.equal(serverFileName('darwin-arm64'), 'gongwen-ls');
    assert.equal(bundledPath('win32-x64', false), 'server/gongwen-ls.exe');
    assert.equal(bundledPath('win32-x64', true), 'server/win32-x64/gongwen-ls.exe');
    assert.equal(bundledPath('linux-loong64', true), 'server/linux-loong64/gongwen-ls');
  });

  it('maps hosts and Rust triples', () => {
    assert.equal(hostTarget('linux', 'x64'), 'linux-x64');
    assert.equal(hostTarget('darwin', 'arm64'), 'darwin-arm64');
    assert.equal(hostTarget('sunos', 'x64'), undefined);
    assert.ok(rustTargetMatches('win32-x64', 'x86_64-pc-windows-gnu'));
    assert.ok(rustTargetMatches('win32-x64', 'x86_64-pc-windows-msvc'));
    assert.ok(rustTargetMatches('darwin-arm64', 'aarch64-apple-darwin'));
    assert.ok(!rustTargetMatches('darwin-arm64', 'x86_64-apple-darwin'));
    assert.ok(!rustTargetMatches('linux-x64', 'x86_64-pc-windows-gnu'));
    // The release script's triples: glibc-pinned zigbuild spellings and static musl.
    assert.ok(rustTargetMatches('linux-x64', 'x86_64-unknown-linux-gnu.2.17'));
    assert.ok(rustTargetMatches('linux-arm64', 'aarch64-unknown-linux-gnu.2.17'));
    assert.ok(rustTargetMatches('linux-arm64', 'aarch64-unknown-linux-musl'));
    assert.ok(rustTargetMatches('linux-loong64', 'loongarch64-unknown-linux-musl'));
    assert.ok(!rustTargetMatches('linux-loong64', 'aarch64-unknown-linux-musl'));
    assert.ok(!rustTargetMatches('darwin-arm64', 'aarch64-unknown-linux-musl'));
  });
});

describe('cargoExecutable', () => {
  it('finds the gongwen-ls binary among cargo JSON messages', () => {
    const lines = [
      JSON.stringify({ reason: 'compiler-artifact', target: { name: 'gongwen', kind: ['lib'] }, executable: null }),
      'not json',
      JSON.stringify({
        reason: 'compiler-artifact',
        target: { name: 'gongwen-ls', kind: ['bin'] },
        executable: '/r/target/release/gongwen-ls',
      }),
      JSON.stringify({ reason: 'build-finished', success: true }),
    ];
    assert.equal(cargoExecutable(lines.join('\n')), '/r/target/release/gongwen-ls');
    assert.equal(cargoExecutable(lines.slice(0, 2).join('\n')), undefined);
  });
});

describe('parseArgs', () => {
  it('reads flags with separate or inline values', () => {
    assert.deepEqual(parseArgs(['--target', 'win32-x64', '--cargo-target=x86_64-pc-windows-gnu']), {
      target: 'win32-x64',
      cargoTarget: 'x86_64-pc-windows-gnu',
      server: undefined,
      out: undefined,
      universal: false,
      partial: false,
      servers: {},
    });
  });

  it('reads a universal VSIX’s servers as TARGET=PATH', () => {
    const o = parseArgs([
      '--universal',
      '--server', 'win32-x64=/d/gongwen-ls.exe',
      '--server=linux-loong64=/d/gongwen-ls-loong64',
      '--partial',
    ]);
    assert.equal(o.universal, true);
    assert.equal(o.partial, true);
    assert.deepEqual(o.servers, { 'win32-x64': '/d/gongwen-ls.exe', 'linux-loong64': '/d/gongwen-ls-loong64' });
    assert.throws(() => parseArgs(['--universal', '--server', '/d/gongwen-ls']), /TARGET=PATH/);
    assert.throws(() => parseArgs(['--universal', '--server', 'mips-x=/a']), /TARGET=PATH/);
    assert.throws(() => parseArgs(['--universal', '--server', 'linux-x64=/a', '--server', 'linux-x64=/b']), /twice/);
    assert.throws(() => parseArgs(['--universal']), /at least one/);
    assert.throws(() => parseArgs(['--universal', '--target', 'linux-x64', '--server', 'linux-x64=/a']), /--universal takes/);
    assert.throws(() => parseArgs(['--target', 'linux-x64', '--server', '/a', '--server', '/b']), /more than once/);
    assert.throws(() => parseArgs(['--partial']), /only applies/);
  });

  it('requires every shipped machine in a universal VSIX unless partial', () => {
    const all = Object.fromEntries(UNIVERSAL_TARGETS.map((t) => [t, `/d/${t}`]));
    assert.deepEqual(missingUniversalTargets(all, false), { missing: [], error: undefined });
    const { missing, error } = missingUniversalTargets({ 'linux-x64': '/a' }, false);
    assert.deepEqual(missing, ['win32-x64', 'linux-arm64', 'linux-loong64']);
    assert.match(error, /needs a server for win32-x64, linux-arm64, linux-loong64/);
    assert.equal(missingUniversalTargets({ 'linux-x64': '/a' }, true).error, undefined);
  });

  it('rejects unknown flags and missing values', () => {
    assert.throws(() => parseArgs(['--tagret', 'x']), /unknown argument/);
    assert.throws(() => parseArgs(['--server']), /needs a value/);
  });
});
