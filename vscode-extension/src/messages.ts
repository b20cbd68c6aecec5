// User-facing Chinese text built from the pure modules' results. Does not import vscode.

import type { Note, Resolution, ServerSource } from './serverPath';
import { serverFileName } from './serverPath';

const SOURCE_NAMES: Record<ServerSource, string> = {
  setting: '设置 gongwen.server.path',
  bundled: '扩展自带的服务器',
  path: 'PATH 中的 gongwen-ls',
};

export function sourceName(s: ServerSource): string {
  return SOURCE_NAMES[s];
}

/** One line per note, for the log and for warnings. */
export function noteText(n: Note): string {
  switch (n.kind) {
    case 'ignored-untrusted':
      return `当前工作区不受信任，已忽略设置 gongwen.server.path（${n.value}），改用扩展自带的服务器或 PATH 中的 gongwen-ls。信任此工作区后会重新启动检查服务。`;
    case 'ignored-workspace-value':
      return `已忽略${n.level === 'workspace' ? '工作区' : '文件夹'}设置中的 gongwen.server.path（${n.value}）：为安全起见，此项只能在用户设置中填写。`;
    case 'setting-relative':
      return `设置 gongwen.server.path 的值“${n.value}”不是绝对路径，已忽略。请填写 gongwen-ls 可执行文件的完整路径。`;
    case 'setting-missing':
      return `设置 gongwen.server.path 指向的文件不存在：${n.path}，已改用其他位置的服务器。`;
    case 'setting-not-executable':
      return `设置 gongwen.server.path 指向的文件不可执行：${n.path}（可运行 chmod +x 赋予执行权限），已改用其他位置的服务器。`;
    case 'bundled-not-executable':
      return `扩展自带的服务器不可执行：${n.path}。`;
    case 'no-bundled-for-machine':
      return `扩展自带的服务器适用于${n.available.map(machineName).join('、')}，没有适用于本机（${machineName(n.machine)}）的版本。`;
  }
}

const PLATFORM_NAMES: Record<string, string> = { win32: 'Windows', linux: 'Linux', darwin: 'macOS' };
const ARCH_NAMES: Record<string, string> = {
  x64: 'x64',
  arm64: 'arm64',
  loong64: 'LoongArch（龙芯）',
  ia32: '32 位 x86',
  arm: '32 位 ARM',
  mips64el: 'MIPS（龙芯旧款）',
  riscv64: 'RISC-V',
};

/** A machine kind (`<process.platform>-<process.arch>`) as users call it, e.g. `Linux LoongArch（龙芯）`. */
export function machineName(machine: string): string {
  const i = machine.indexOf('-');
  const platform = i < 0 ? machine : machine.slice(0, i);
  const arch = i < 0 ? '' : machine.slice(i + 1);
  return [PLATFORM_NAMES[platform] ?? platform, ARCH_NAMES[arch] ?? arch].filter((x) => x !== '').join(' ');
}

/** Notes that deserve a pop-up (the user set something that is not used). */
export function isUserFacing(n: Note): boolean {
  // The machine note is part of the not-found error (a server on PATH may still serve).
  return n.kind !== 'bundled-not-executable' && n.kind !== 'no-bundled-for-machine';
}

/**
 * The error shown when no server binary was found. `r`, when given, names the machines the
 * installed VSIX does carry a server for.
 */
export function notFoundMessage(platform: string, arch?: string, r?: Resolution): string {
  const note = r?.notes.find((n) => n.kind === 'no-bundled-for-machine');
  const why =
    note?.kind === 'no-bundled-for-machine'
      ? `已安装的扩展安装包只带有适用于${note.available.map(machineName).join('、')}的检查服务，` +
        `没有适用于本机（${machineName(note.machine)}）的版本。`
      : `未找到公文检查服务（${serverFileName(platform)}${arch ? `，本机为 ${machineName(`${platform}-${arch}`)}` : ''}），无法检查报告。`;
  return (
    why +
    '请安装与本机系统对应的扩展安装包（VSIX，其中自带检查服务），' +
    '或者在用户设置 gongwen.server.path 中填写 gongwen-ls 可执行文件的完整路径，' +
    '或者把 gongwen-ls 所在的文件夹加入 PATH，然后执行命令“公文检查: 重启检查服务”。'
  );
}

/** Log lines describing a resolution. */
export function resolutionLog(r: Resolution): string[] {
  const lines = r.tried.map((t) => {
    const result =
      t.result === 'used'
        ? '使用'
        : t.result === 'missing'
          ? '不存在'
          : t.result === 'directory'
            ? '是文件夹'
            : t.result === 'file'
              ? '不可执行'
              : '可执行';
    return `查找服务器：${SOURCE_NAMES[t.source]} ${t.path} —— ${result}`;
  });
  for (const n of r.notes) {
    lines.push(noteText(n));
  }
  if (r.found) {
    lines.push(`使用${SOURCE_NAMES[r.found.source]}：${r.found.path}`);
  }
  return lines;
}
