import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  cargoExecutable,
  checkBinaryForTarget,
  detectBinary,
  hostTarget,
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
    });
  });

  it('rejects unknown flags and missing values', () => {
    assert.throws(() => parseArgs(['--tagret', 'x']), /unknown argument/);
    assert.throws(() => parseArgs(['--server']), /needs a value/);
  });
});
