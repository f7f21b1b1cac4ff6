// Everything one open lab holds: its box, its terminals, its panel feed.
// Disposable as a whole: stop() leaves nothing behind.
import type Docker from 'dockerode';
import { PanelFeed } from '../engine/panel-feed';
import { boxSpecFor, LabBox } from '../env/docker/box';
import { EnvironmentError } from '../env/errors';
import type { NslabEvent, PanelSnapshots, SessionInfo, SessionStatus, TerminalInfo } from '../shared/api';
import type { Lab } from '../shared/lab';
import { boxShellCommand, TerminalSession } from '../terminals/terminal-session';

export class LabRuntime {
  private box: LabBox | undefined;
  private starting: Promise<LabBox> | undefined;
  private status: SessionStatus = 'stopped';
  private error: string | undefined;
  private feed: PanelFeed | undefined;
  private readonly terminals: (TerminalSession | undefined)[] = [];
  /** output of terminals that died, kept so a reopened terminal shows what came before */
  private readonly history: string[] = [];

  constructor(
    readonly lab: Lab,
    private readonly connect: () => Promise<Docker>,
    private readonly emit: (event: NslabEvent) => void,
    private readonly registry: Map<string, TerminalSession>,
  ) {}

  info(): SessionInfo {
    return {
      labId: this.lab.id,
      sessionId: this.box?.sessionId ?? '',
      status: this.status,
      environment: this.box?.description ?? '',
      terminals: this.terminals.flatMap((t) => (t ? [terminalInfo(t)] : [])),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** Idempotent: concurrent callers share one start. */
  async start(): Promise<SessionInfo> {
    if (this.box) return this.info();
    this.starting ??= this.createBox();
    try {
      await this.starting;
    } catch {
      // the failure is in info() and was announced
    } finally {
      this.starting = undefined;
    }
    return this.info();
  }

  private async createBox(): Promise<LabBox> {
    this.setStatus('starting', 'starting the lab box…');
    try {
      if (this.lab.environment.kind === 'kube') {
        throw new EnvironmentError(
          `${this.lab.id} runs on a Kubernetes cluster; the app cannot start one yet.`,
          'Grade it with `nslab grade --kubeconfig FILE` against a cluster of yours meanwhile.',
        );
      }
      const box = await LabBox.create(await this.connect(), boxSpecFor(this.lab));
      this.box = box;
      this.error = undefined;
      this.setStatus('ready', `lab box ready: ${box.description}`);
      return box;
    } catch (error) {
      this.error = error instanceof EnvironmentError ? `${error.message} ${error.fix}` : (error as Error).message;
      this.setStatus('failed', this.error);
      throw error;
    }
  }

  environment(): LabBox {
    if (!this.box) throw new Error(`the lab ${this.lab.id} is not running; start it first`);
    return this.box;
  }

  openTerminal(index: number, cols: number, rows: number): { terminal: TerminalInfo; scrollback: string } {
    if (!Number.isInteger(index) || index < 0 || index >= this.lab.environment.terminals) {
      throw new Error(`the lab ${this.lab.id} has terminals 0 to ${this.lab.environment.terminals - 1}`);
    }
    const current = this.terminals[index];
    if (current?.alive) {
      current.resize(cols, rows);
      return { terminal: terminalInfo(current), scrollback: (this.history[index] ?? '') + current.output };
    }
    if (current) {
      this.history[index] = `${(this.history[index] ?? '') + current.output}\r\n\x1b[2m[the shell ended; a new one is open]\x1b[0m\r\n`;
      this.registry.delete(current.id);
    }
    const terminal = new TerminalSession(index, boxShellCommand(this.environment().container.id, cols, rows), cols, rows);
    terminal.onData((data) => this.emit({ type: 'terminal-data', terminalId: terminal.id, data }));
    terminal.onExit((exitCode) => this.emit({ type: 'terminal-exit', terminalId: terminal.id, exitCode }));
    this.terminals[index] = terminal;
    this.registry.set(terminal.id, terminal);
    return { terminal: terminalInfo(terminal), scrollback: this.history[index] ?? '' };
  }

  /** The latest snapshots; from now on the panels follow the box live. */
  async watchPanels(): Promise<PanelSnapshots> {
    const box = this.environment();
    if (!this.feed) {
      this.feed = new PanelFeed(box, (panel, snapshot) => this.emit({ type: 'panel', labId: this.lab.id, panel, snapshot }));
      await this.feed.readOnce();
      this.feed.start();
    }
    return this.feed.latest;
  }

  /** A clean box for the same session: terminals and panels start over. */
  async reset(): Promise<SessionInfo> {
    await this.closeAll();
    if (this.box) {
      this.setStatus('starting', 'resetting the lab box…');
      try {
        this.box = await this.box.reset();
        this.setStatus('ready', `lab box ready: ${this.box.description}`);
      } catch (error) {
        this.box = undefined;
        this.error = (error as Error).message;
        this.setStatus('failed', this.error);
      }
      return this.info();
    }
    return this.start();
  }

  async stop(): Promise<void> {
    await this.closeAll();
    const box = this.box;
    this.box = undefined;
    await box?.dispose();
    this.setStatus('stopped');
  }

  private async closeAll(): Promise<void> {
    await this.feed?.stop();
    this.feed = undefined;
    for (const terminal of this.terminals) {
      if (!terminal) continue;
      terminal.dispose();
      this.registry.delete(terminal.id);
    }
    this.terminals.length = 0;
    this.history.length = 0;
  }

  private setStatus(status: SessionStatus, message?: string): void {
    this.status = status;
    this.emit({ type: 'session', session: this.info(), ...(message ? { message } : {}) });
  }
}

function terminalInfo(t: TerminalSession): TerminalInfo {
  return { id: t.id, index: t.index, alive: t.alive };
}
