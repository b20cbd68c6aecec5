// VS Code glue: starts gongwen-ls through vscode-languageclient, wires the settings, the commands
// and the status bar item. The decisions live in the vscode-free modules beside this file
// (serverPath, settings, status, messages), which are unit-tested.

import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from 'vscode-languageclient/node';

import { fileKind, makeExecutable } from './fsProbe';
import { isUserFacing, noteText, notFoundMessage, resolutionLog } from './messages';
import { COMPARE_COMMAND, diffTitle, parsePrevious, PREVIOUS_REQUEST, targetUri } from './previous';
import { resolveServer } from './serverPath';
import { configChangeAction, SECTION, type ServerSettings, toServerSettings } from './settings';
import {
  type ClientState,
  formatStatus,
  isCheckedDocument,
  LANGUAGES,
  parseStatus,
  SCHEMES,
  SKELETON_REQUEST,
  STATUS_REQUEST,
  type StatusView,
  viewForClientState,
} from './status';

const CLIENT_ID = 'gongwen';
const CLIENT_NAME = '公文检查';

class Controller implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private state: ClientState = 'stopped';
  private readonly output: vscode.LogOutputChannel;
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  /** Start/stop/restart run one after another. */
  private queue: Promise<void> = Promise.resolve();
  private statusTimer: NodeJS.Timeout | undefined;
  private statusSeq = 0;
  private readonly shownWarnings = new Set<string>();

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel(`${CLIENT_NAME} (gongwen-ls)`, { log: true });
    this.item = vscode.window.createStatusBarItem('gongwen.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = CLIENT_NAME;
    this.disposables.push(
      this.output,
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.scheduleStatus(0)),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const uri = vscode.window.activeTextEditor?.document.uri.toString();
        if (uri !== undefined && e.uris.some((u) => u.toString() === uri)) {
          this.scheduleStatus(100);
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        const v = this.config().inspect<string>('server.path')?.globalValue;
        if (typeof v === 'string' && v.trim() !== '') {
          this.log('工作区已受信任，重新启动检查服务以使用设置 gongwen.server.path。');
          this.enqueue(() => this.doRestart());
        }
      }),
    );
  }

  dispose(): void {
    clearTimeout(this.statusTimer);
    for (const d of this.disposables) {
      d.dispose();
    }
  }

  private config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  private log(line: string): void {
    this.output.info(line);
  }

  serverSettings(): ServerSettings {
    const cfg = this.config();
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    return toServerSettings((key) => cfg.get(key), {
      workspaceFolder: folder?.uri.fsPath,
      homeDir: os.homedir(),
      platform: process.platform,
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch((e) => this.log(`内部错误：${String(e)}`));
    return this.queue;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<void> {
    return this.enqueue(() => this.doRestart());
  }

  private setState(s: ClientState): void {
    this.state = s;
    this.scheduleStatus(0);
  }

  private async doRestart(): Promise<void> {
    await this.doStop();
    await this.doStart();
  }

  private async doStart(): Promise<void> {
    if (this.client !== undefined) {
      return;
    }
    if (!this.config().get<boolean>('enable', true)) {
      this.log('设置 gongwen.enable 为 false，不启动检查服务。');
      this.setState('disabled');
      return;
    }

    const resolution = resolveServer({
      platform: process.platform,
      arch: process.arch,
      extensionPath: this.context.extensionPath,
      isTrusted: vscode.workspace.isTrusted,
      serverPathSetting: this.config().inspect<string>('server.path'),
      envPath: process.env.PATH,
      envPathExt: process.env.PATHEXT,
      homeDir: os.homedir(),
      fileKind: (p) => fileKind(p),
      makeExecutable,
    });
    for (const line of resolutionLog(resolution)) {
      this.log(line);
    }
    for (const n of resolution.notes.filter(isUserFacing)) {
      const text = noteText(n);
      if (!this.shownWarnings.has(text)) {
        this.shownWarnings.add(text);
        void vscode.window.showWarningMessage(text);
      }
    }
    if (resolution.found === undefined) {
      this.setState('failed');
      const message = notFoundMessage(process.platform, process.arch, resolution);
      this.log(message);
      void vscode.window.showErrorMessage(message, '打开设置', '查看日志').then((choice) => {
        if (choice === '打开设置') {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'gongwen.server.path');
        } else if (choice === '查看日志') {
          this.output.show(true);
        }
      });
      return;
    }

    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    const serverOptions: ServerOptions = {
      command: resolution.found.path,
      args: ['--stdio'],
      options: { cwd: folder?.uri.fsPath ?? os.homedir() },
    };
    const documentSelector = LANGUAGES.flatMap((language) =>
      SCHEMES.map((scheme) => ({ scheme, language })),
    );
    const clientOptions: LanguageClientOptions = {
      documentSelector,
      diagnosticCollectionName: CLIENT_ID,
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: this.serverSettings(),
      synchronize: { configurationSection: SECTION },
      middleware: {
        workspace: {
          // The server may pull the settings: answer the `gongwen` section with the same
          // mapped object as initializationOptions (resolved paths, no client-only keys).
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) {
              return result;
            }
            return params.items.map((item, i) =>
              item.section === SECTION ? this.serverSettings() : result[i],
            );
          },
          // Push the mapped settings instead of the raw section.
          didChangeConfiguration: async (_sections, _next) => {
            const client = this.client;
            if (client !== undefined && client.isRunning()) {
              const settings = this.serverSettings();
              this.log(`设置已修改，发送给检查服务：${JSON.stringify(settings)}`);
              await client.sendNotification(DidChangeConfigurationNotification.type, {
                settings: { [SECTION]: settings },
              });
              this.scheduleStatus(300);
            }
          },
        },
      },
    };

    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    client.onDidChangeState((e) => {
      if (this.client !== client) {
        return;
      }
      if (e.newState === State.Running) {
        this.setState('running');
      } else if (e.newState === State.Starting) {
        this.setState('starting');
      } else if (this.state !== 'disabled') {
        this.setState('stopped');
      }
    });
    this.client = client;
    this.setState('starting');
    try {
      await client.start();
      this.log(`检查服务已启动（${resolution.found.path}）。`);
      this.setState('running');
    } catch (e) {
      this.client = undefined;
      this.setState('failed');
      const message = `公文检查服务启动失败：${e instanceof Error ? e.message : String(e)}。请查看服务日志。`;
      this.log(message);
      void vscode.window.showErrorMessage(message, '查看日志').then((choice) => {
        if (choice === '查看日志') {
          this.output.show(true);
        }
      });
      try {
        await client.dispose(2000);
      } catch {
        // already dead
      }
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      try {
        await client.stop(5000);
      } catch (e) {
        this.log(`停止检查服务时出错：${String(e)}`);
      }
      this.log('检查服务已停止。');
    }
    this.setState(this.config().get<boolean>('enable', true) ? 'stopped' : 'disabled');
  }

  private onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(SECTION)) {
      return;
    }
    const action = configChangeAction((s) => e.affectsConfiguration(s), {
      enabled: this.config().get<boolean>('enable', true),
      running: this.client !== undefined,
    });
    switch (action) {
      case 'start':
        void this.start();
        break;
      case 'stop':
        void this.stop();
        break;
      case 'restart':
        this.log('设置 gongwen.server.path 已修改，重新启动检查服务。');
        void this.restart();
        break;
      case 'none':
        break;
    }
  }

  async insertSkeleton(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) {
      void vscode.window.showInformationMessage('请先打开要插入年度报告框架的文档，并把光标放在插入位置。');
      return;
    }
    const client = this.client;
    if (client === undefined || !client.isRunning()) {
      void vscode.window.showErrorMessage('公文检查服务未运行，无法取得报告框架。请执行命令“公文检查: 重启检查服务”，或查看服务日志。');
      return;
    }
    let snippet: unknown;
    try {
      const r = await client.sendRequest<{ snippet?: unknown }>(SKELETON_REQUEST, {});
      snippet = r?.snippet;
    } catch (e) {
      this.log(`${SKELETON_REQUEST} 请求失败：${String(e)}`);
    }
    if (typeof snippet !== 'string' || snippet === '') {
      void vscode.window.showErrorMessage('未能从检查服务取得年度报告框架，详见服务日志。');
      return;
    }
    await editor.insertSnippet(new vscode.SnippetString(snippet));
  }

  showLog(): void {
    this.output.show(true);
  }

  /**
   * 与上年度报告对比: ask the server which file is last year's report of the document (the one
   * a code lens names, else the active editor's) and open VS Code's diff view of the two.
   */
  async compareWithPrevious(arg?: unknown): Promise<void> {
    const target = targetUri(arg, vscode.window.activeTextEditor?.document.uri.toString());
    if (target === undefined) {
      void vscode.window.showInformationMessage('请先打开本年度报告，再与上年度报告对比。');
      return;
    }
    const client = this.client;
    if (client === undefined || !client.isRunning()) {
      void vscode.window.showErrorMessage('公文检查服务未运行，无法查找上年度报告。请执行命令“公文检查: 重启检查服务”，或查看服务日志。');
      return;
    }
    const doc = vscode.Uri.parse(target);
    let raw: unknown;
    try {
      raw = await client.sendRequest(PREVIOUS_REQUEST, { uri: client.code2ProtocolConverter.asUri(doc) });
    } catch (e) {
      this.log(`${PREVIOUS_REQUEST} 请求失败：${String(e)}`);
    }
    const previous = parsePrevious(raw);
    if (previous === undefined) {
      void vscode.window.showErrorMessage('未能从检查服务取得上年度报告，详见服务日志。');
      return;
    }
    if (!previous.found) {
      void vscode.window.showInformationMessage(previous.note);
      return;
    }
    const last = client.protocol2CodeConverter.asUri(previous.uri);
    await vscode.commands.executeCommand('vscode.diff', last, doc, diffTitle(previous, path.basename(doc.fsPath)));
  }

  private scheduleStatus(delayMs: number): void {
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => void this.updateStatus(0), delayMs);
  }

  private apply(view: StatusView, command: string): void {
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = command;
    this.item.backgroundColor =
      view.tone === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.tone === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.show();
  }

  private async updateStatus(attempt: number): Promise<void> {
    const seq = ++this.statusSeq;
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined || !isCheckedDocument(editor.document.languageId, editor.document.uri.scheme)) {
      this.item.hide();
      return;
    }
    const stateView = viewForClientState(this.state);
    const client = this.client;
    if (stateView !== undefined || client === undefined) {
      this.apply(stateView ?? viewForClientState('stopped')!, this.state === 'failed' ? 'gongwen.showLog' : 'gongwen.restartServer');
      return;
    }
    const doc = editor.document;
    let raw: unknown;
    try {
      raw = await client.sendRequest(STATUS_REQUEST, {
        uri: client.code2ProtocolConverter.asUri(doc.uri),
      });
    } catch (e) {
      if (seq === this.statusSeq) {
        this.log(`${STATUS_REQUEST} 请求失败：${String(e)}`);
        this.apply({ text: '$(question) 公文检查', tooltip: '未能取得检查状态，详见服务日志。', tone: 'neutral' }, 'gongwen.showLog');
      }
      return;
    }
    if (seq !== this.statusSeq) {
      return; // a newer update is under way
    }
    const status = parseStatus(raw);
    if (status === undefined) {
      this.log(`${STATUS_REQUEST} 的结果无法识别：${JSON.stringify(raw)}`);
      this.apply({ text: '$(question) 公文检查', tooltip: '检查服务返回的状态无法识别，详见服务日志。', tone: 'neutral' }, 'gongwen.showLog');
      return;
    }
    // The server answers for the version it has analysed; if the document moved on, its new
    // diagnostics will trigger another update, but ask again shortly in case none comes.
    if (status.version !== null && status.version !== doc.version && attempt < 3) {
      clearTimeout(this.statusTimer);
      this.statusTimer = setTimeout(() => void this.updateStatus(attempt + 1), 300);
    }
    this.apply(formatStatus(status), 'workbench.actions.view.problems');
  }
}

let controller: Controller | undefined;

export function activate(context: vscode.ExtensionContext): void {
  controller = new Controller(context);
  const c = controller;
  context.subscriptions.push(
    c,
    vscode.commands.registerCommand('gongwen.insertSkeleton', () => c.insertSkeleton()),
    vscode.commands.registerCommand('gongwen.restartServer', () => c.restart()),
    vscode.commands.registerCommand('gongwen.showLog', () => c.showLog()),
    vscode.commands.registerCommand(COMPARE_COMMAND, (arg?: unknown) => c.compareWithPrevious(arg)),
  );
  void c.start();
}

export async function deactivate(): Promise<void> {
  const c = controller;
  controller = undefined;
  if (c !== undefined) {
    await c.stop();
  }
}
