// Helpers of the package script (pure, unit-tested in scripts/test/packaging.test.mjs).

/**
 * VS Code platform targets → the Rust target that builds the matching server binary.
 * `vsce: false` marks a machine VS Code has no platform-specific VSIX for (LoongArch): its server
 * only travels in the universal VSIX.
 */
export const TARGETS = {
  'linux-x64': { rust: 'x86_64-unknown-linux-gnu', format: 'elf', arch: 'x64' },
  'linux-arm64': { rust: 'aarch64-unknown-linux-gnu', format: 'elf', arch: 'arm64' },
  'alpine-x64': { rust: 'x86_64-unknown-linux-musl', format: 'elf', arch: 'x64' },
  'alpine-arm64': { rust: 'aarch64-unknown-linux-musl', format: 'elf', arch: 'arm64' },
  'darwin-x64': { rust: 'x86_64-apple-darwin', format: 'macho', arch: 'x64' },
  'darwin-arm64': { rust: 'aarch64-apple-darwin', format: 'macho', arch: 'arm64' },
  'win32-x64': { rust: 'x86_64-pc-windows-msvc', format: 'pe', arch: 'x64' },
  'win32-arm64': { rust: 'aarch64-pc-windows-msvc', format: 'pe', arch: 'arm64' },
  'linux-loong64': { rust: 'loongarch64-unknown-linux-musl', format: 'elf', arch: 'loong64', vsce: false },
};

/** The targets a universal VSIX carries by default (the release script builds all of them). */
export const UNIVERSAL_TARGETS = ['win32-x64', 'linux-x64', 'linux-arm64', 'linux-loong64'];

/** Where a server binary sits inside the extension: `server/<target>/…` in a universal VSIX. */
export function bundledPath(target, universal) {
  return universal ? `server/${target}/${serverFileName(target)}` : `server/${serverFileName(target)}`;
}

/** The VS Code target of the machine running this script. */
export function hostTarget(platform = process.platform, arch = process.arch) {
  const t = `${platform}-${arch}`;
  return t in TARGETS ? t : undefined;
}

/** File name of the server binary inside the VSIX for a target. */
export function serverFileName(target) {
  return target.startsWith('win32-') ? 'gongwen-ls.exe' : 'gongwen-ls';
}

/**
 * Whether a Rust target builds for a VS Code target: the listed triple, the GNU variants for
 * Windows, musl for Linux (a static server runs on any Linux of that architecture), and
 * cargo-zigbuild's glibc-pinned spelling (`aarch64-unknown-linux-gnu.2.17`).
 */
export function rustTargetMatches(target, rustTriple) {
  const t = TARGETS[target];
  if (!t) return false;
  const triple = rustTriple.replace(/\.\d+\.\d+$/, '');
  if (t.rust === triple) return true;
  if (target.startsWith('linux-')) return triple === t.rust.replace(/-gnu$/, '-musl');
  if (target.startsWith('win32-')) {
    return triple === t.rust.replace('-msvc', '-gnu') || triple === t.rust.replace('-msvc', '-gnullvm');
  }
  return false;
}

/** What kind of executable a file starts with: { format: 'elf'|'pe'|'macho', arch } or undefined. */
export function detectBinary(buf) {
  if (buf.length >= 20 && buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46) {
    const little = buf[5] === 1;
    const machine = little ? buf.readUInt16LE(18) : buf.readUInt16BE(18);
    // e_machine: EM_X86_64, EM_AARCH64, EM_386, EM_ARM, EM_LOONGARCH (258).
    const arch = { 0x3e: 'x64', 0xb7: 'arm64', 0x03: 'ia32', 0x28: 'arm', 0x102: 'loong64' }[machine] ?? `elf-machine-${machine}`;
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

/**
 * Parse the package script's arguments.
 *
 *   --target T [--cargo-target TRIPLE | --server PATH] [--out FILE]      one platform-specific VSIX
 *   --universal --server T=PATH … [--partial] [--out FILE]                one VSIX with several servers
 */
export function parseArgs(argv) {
  const opts = {
    target: undefined,
    cargoTarget: undefined,
    server: undefined,
    out: undefined,
    universal: false,
    partial: false,
    servers: {},
  };
  const names = { '--target': 'target', '--cargo-target': 'cargoTarget', '--server': 'server', '--out': 'out' };
  const switches = { '--universal': 'universal', '--partial': 'partial' };
  const serverValues = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a in switches) {
      opts[switches[a]] = true;
      continue;
    }
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const key = names[flag];
    if (!key) throw new Error(`unknown argument ${a}`);
    const v = inline ?? argv[++i];
    if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
    if (key === 'server') serverValues.push(v);
    else opts[key] = v;
  }
  if (opts.universal) {
    if (opts.target || opts.cargoTarget) throw new Error('--universal takes --server TARGET=PATH, not --target/--cargo-target');
    for (const v of serverValues) {
      const eq = v.indexOf('=');
      const target = eq > 0 ? v.slice(0, eq) : '';
      if (!(target in TARGETS)) throw new Error(`--server ${v}: with --universal write TARGET=PATH (TARGET one of ${Object.keys(TARGETS).join(', ')})`);
      if (target in opts.servers) throw new Error(`--server ${target} given twice`);
      opts.servers[target] = v.slice(eq + 1);
    }
    if (Object.keys(opts.servers).length === 0) throw new Error('--universal needs at least one --server TARGET=PATH');
  } else {
    if (opts.partial) throw new Error('--partial only applies to --universal');
    if (serverValues.length > 1) throw new Error('--server given more than once (several servers need --universal)');
    opts.server = serverValues[0];
  }
  return opts;
}

/** Targets of a universal VSIX that have no server: an error text unless `partial`. */
export function missingUniversalTargets(servers, partial) {
  const missing = UNIVERSAL_TARGETS.filter((t) => !(t in servers));
  if (missing.length === 0 || partial) return { missing, error: undefined };
  return {
    missing,
    error: `the universal VSIX needs a server for ${missing.join(', ')} (pass --server T=PATH for each, or --partial for a test build)`,
  };
}
