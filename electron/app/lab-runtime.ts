// Everything one open lab holds: its environment (a lab box, or a learner's
// namespace on a cluster), its terminals, its panel source. Disposable as a
// whole: stop() leaves nothing behind.
import type { StepBaseline } from '../engine/checks/cgroup-checks';
import type { LabEnvironment } from '../engine/environment';
import { readStepBaseline } from '../engine/step-baseline';
import { keystrokes } from '../engine/typist';
import { EnvironmentError } from '../env/errors';
import type { NslabEvent, PanelSnapshots, SessionInfo, SessionStatus, TerminalInfo } from '../shared/api';
import type { Lab, Step } from '../shared/lab';
import type { PodNamespaceReading } from '../shared/pod-namespace-snapshot';
import { TerminalSession } from '../terminals/terminal-session';
import type { PanelSource, RuntimeEnvironment } from './runtime-environment';

/** Makes a lab's environment; the service knows where boxes and clusters come from. */
export type EnvironmentFactory = (lab: Lab) => Promise<RuntimeEnvironment>;

export class LabRuntime {
  private runtime: RuntimeEnvironment | undefined;
  private starting: Promise<RuntimeEnvironment> | undefined;
  private status: SessionStatus = 'stopped';
  private error: string | undefined;
  private feed: PanelSource | undefined;
  private readonly terminals: (TerminalSession | undefined)[] = [];
  /** output of terminals that died, kept so a reopened terminal shows what came before */
  private readonly history: string[] = [];
  /** per step id: what its `since: step-start` counters count from */
  private readonly baselines = new Map<string, StepBaseline>();

  constructor(
    readonly lab: Lab,
    private readonly create: EnvironmentFactory,
    private readonly emit: (event: NslabEvent) => void,
    private readonly registry: Map<string, TerminalSession>,
  ) {}

  info(): SessionInfo {
    return {
      labId: this.lab.id,
      sessionId: this.runtime?.sessionId ?? '',
      status: this.status,
      environment: this.runtime?.env.description ?? '',
      panels: [...(this.runtime?.panels ?? [])],
      terminals: this.terminals.flatMap((t) => (t ? [terminalInfo(t)] : [])),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** Idempotent: concurrent callers share one start. */
  async start(): Promise<SessionInfo> {
    if (this.runtime) return this.info();
    this.starting ??= this.createEnvironment();
    try {
      await this.starting;
    } catch {
      // the failure is in info() and was announced
    } finally {
      this.starting = undefined;
    }
    return this.info();
  }

  private get noun(): string {
    return this.lab.environment.kind === 'kube' ? 'your namespace' : 'the lab box';
  }

  private async createEnvironment(): Promise<RuntimeEnvironment> {
    this.setStatus('starting', `starting ${this.noun}…`);
    try {
      const runtime = await this.create(this.lab);
      this.runtime = runtime;
      this.error = undefined;
      this.setStatus('ready', `ready: ${runtime.env.description}`);
      return runtime;
    } catch (error) {
      this.error = error instanceof EnvironmentError ? `${error.message} ${error.fix}` : (error as Error).message;
      this.setStatus('failed', this.error);
      throw error;
    }
  }

  podNamespaces(pod: string): Promise<PodNamespaceReading> {
    return this.running().podNamespaces(pod);
  }

  environment(): LabEnvironment {
    return this.running().env;
  }

  private running(): RuntimeEnvironment {
    if (!this.runtime) throw new Error(`the lab ${this.lab.id} is not running; start it first`);
    return this.runtime;
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
    const terminal = new TerminalSession(index, this.running().openTerminal(cols, rows));
    terminal.onData((data) => this.emit({ type: 'terminal-data', terminalId: terminal.id, data }));
    terminal.onExit((exitCode) => this.emit({ type: 'terminal-exit', terminalId: terminal.id, exitCode }));
    this.terminals[index] = terminal;
    this.registry.set(terminal.id, terminal);
    return { terminal: terminalInfo(terminal), scrollback: this.history[index] ?? '' };
  }

  /**
   * The learner began `step` (opened it, or passed the one before): its
   * counters count from now. Best effort: a box not running yet, or a read that
   * fails, leaves the first check to take the baseline.
   */
  async markStepStart(step: Step): Promise<void> {
    if (!this.runtime) return;
    try {
      const baseline = await readStepBaseline(step, this.runtime.env, 'step-start');
      if (baseline) this.baselines.set(step.id, baseline);
    } catch {
      this.baselines.delete(step.id);
    }
  }

  /** The step's baseline; where nobody saw the step begin, this first check's reading is it. */
  async stepBaseline(step: Step): Promise<StepBaseline | undefined> {
    const known = this.baselines.get(step.id);
    if (known) return known;
    const baseline = await readStepBaseline(step, this.environment(), 'first-check');
    if (baseline) this.baselines.set(step.id, baseline);
    return baseline;
  }

  /** Types `text` into open terminal `index` as the grader would (keystrokes), for the page's Run. */
  typeInto(index: number, text: string): void {
    const terminal = this.terminals[index];
    if (!terminal?.alive) throw new Error(`terminal ${index + 1} of the lab ${this.lab.id} is not open; reopen it, then run again`);
    terminal.write(keystrokes(text));
  }

  /** The latest snapshots; from now on the panels follow the environment live. */
  async watchPanels(): Promise<PanelSnapshots> {
    if (!this.feed) {
      const feed = this.running().panelSource((panel, snapshot) => this.emit({ type: 'panel', labId: this.lab.id, panel, snapshot }));
      this.feed = feed;
      await feed.start();
    }
    return this.feed.latest;
  }

  /** A clean environment for the same session: terminals and panels start over. */
  async reset(): Promise<SessionInfo> {
    await this.closeAll();
    if (this.runtime) {
      this.setStatus('starting', `resetting ${this.noun}…`);
      try {
        this.runtime = await this.runtime.reset();
        this.setStatus('ready', `ready: ${this.runtime.env.description}`);
      } catch (error) {
        this.runtime = undefined;
        this.error = (error as Error).message;
        this.setStatus('failed', this.error);
      }
      return this.info();
    }
    return this.start();
  }

  async stop(): Promise<void> {
    await this.closeAll();
    const runtime = this.runtime;
    this.runtime = undefined;
    await runtime?.dispose();
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
    this.baselines.clear();
  }

  private setStatus(status: SessionStatus, message?: string): void {
    this.status = status;
    this.emit({ type: 'session', session: this.info(), ...(message ? { message } : {}) });
  }
}

function terminalInfo(t: TerminalSession): TerminalInfo {
  return { id: t.id, index: t.index, alive: t.alive };
}
