// Helpers of the package script (pure, unit-tested in scripts/test/packaging.test.mjs).

/** VS Code platform targets → the Rust target that builds the matching server binary. */
export const TARGETS = {
  'linux-x64': { rust: 'x86_64-unknown-linux-gnu', format: 'elf', arch: 'x64' },
  'linux-arm64': { rust: 'aarch64-unknown-linux-gnu', format: 'elf', arch: 'arm64' },
  'alpine-x64': { rust: 'x86_64-unknown-linux-musl', format: 'elf', arch: 'x64' },
  'alpine-arm64': { rust: 'aarch64-unknown-linux-musl', format: 'elf', arch: 'arm64' },
  'darwin-x64': { rust: 'x86_64-apple-darwin', format: 'macho', arch: 'x64' },
  'darwin-arm64': { rust: 'aarch64-apple-darwin', format: 'macho', arch: 'arm64' },
  'win32-x64': { rust: 'x86_64-pc-windows-msvc', format: 'pe', arch: 'x64' },
  'win32-arm64': { rust: 'aarch64-pc-windows-msvc', format: 'pe', arch: 'arm64' },
};

/** The VS Code target of the machine running this script. */
export function hostTarget(platform = process.platform, arch = process.arch) {
  const t = `${platform}-${arch}`;
  return t in TARGETS ? t : undefined;
}

/** File name of the server binary inside the VSIX for a target. */
export function serverFileName(target) {
  return target.startsWith('win32-') ? 'gongwen-ls.exe' : 'gongwen-ls';
}

/** The Rust target implied by a VS Code target (the GNU variant is also accepted for Windows). */
export function rustTargetMatches(target, rustTriple) {
  const t = TARGETS[target];
  if (!t) return false;
  if (t.rust === rustTriple) return true;
  return target.startsWith('win32-') && rustTriple === t.rust.replace('-msvc', '-gnu')
    || target.startsWith('win32-') && rustTriple === t.rust.replace('-msvc', '-gnullvm');
}

/** What kind of executable a file starts with: { format: 'elf'|'pe'|'macho', arch } or undefined. */
export function detectBinary(buf) {
  if (buf.length >= 20 && buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46) {
    const little = buf[5] === 1;
    const machine = little ? buf.readUInt16LE(18) : buf.readUInt16BE(18);
    const arch = { 0x3e: 'x64', 0xb7: 'arm64', 0x03: 'ia32', 0x28: 'arm' }[machine] ?? `elf-machine-${machine}`;
    return { format: 'elf', arch };
  }
  if (buf.length >= 0x40 && buf[0] === 0x4d && buf[1] === 0x5a) {
    const pe = buf.readUInt32LE(0x3c);
    if (pe + 6 <= buf.length && buf.readUInt32LE(pe) === 0x00004550) {
      const machine = buf.readUInt16LE(pe + 4);
      const arch = { 0x8664: 'x64', 0xaa64: 'arm64', 0x14c: 'ia32' }[machine] ?? `pe-machine-${machine}`;
      return { format: 'pe', arch };
    }
    return undefined;
  }
  if (buf.length >= 8 && buf.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = buf.readUInt32LE(4);
    const arch = { 0x01000007: 'x64', 0x0100000c: 'arm64' }[cpu] ?? `macho-cpu-${cpu}`;
    return { format: 'macho', arch };
  }
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0xcafebabe) {
    return { format: 'macho', arch: 'universal' };
  }
  return undefined;
}

/** An error text when the binary does not fit the target, else undefined. */
export function checkBinaryForTarget(buf, target) {
  const t = TARGETS[target];
  if (!t) return `unknown target ${target} (known: ${Object.keys(TARGETS).join(', ')})`;
  const b = detectBinary(buf);
  if (!b) return 'the server file is not an executable (ELF, PE or Mach-O)';
  if (b.format !== t.format) return `the server is a ${b.format} binary, target ${target} needs ${t.format}`;
  if (b.arch !== t.arch && b.arch !== 'universal') return `the server is built for ${b.arch}, target ${target} needs ${t.arch}`;
  return undefined;
}

/** The path of the gongwen-ls executable in `cargo build --message-format=json` output. */
export function cargoExecutable(stdout, bin = 'gongwen-ls') {
  let found;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let m;
    try {
      m = JSON.parse(line);
    } catch {
      continue;
    }
    if (m.reason === 'compiler-artifact' && m.target?.name === bin && m.target.kind?.includes('bin') && m.executable) {
      found = m.executable;
    }
  }
  return found;
}

/** Parse the package script's arguments. */
export function parseArgs(argv) {
  const opts = { target: undefined, cargoTarget: undefined, server: undefined, out: undefined };
  const names = { '--target': 'target', '--cargo-target': 'cargoTarget', '--server': 'server', '--out': 'out' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const key = names[flag];
    if (!key) throw new Error(`unknown argument ${a}`);
    const v = inline ?? argv[++i];
    if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
    opts[key] = v;
  }
  return opts;
}
