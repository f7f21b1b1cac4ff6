// Progress of long CLI work (saving, loading, building images) on stderr: a bar
// redrawn in place on a terminal; plain lines elsewhere (CI logs), a few per task.
import { endProgress, progress } from './output';

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Pure: `saving kernel.tar [██████░░░░] 63% 88.1 MB / 140.2 MB` */
export function renderBar(label: string, done: number, total: number, width = 24): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(fraction * width);
  const percent = Math.floor(fraction * 100);
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${formatBytes(done)} / ${formatBytes(total)}`;
}

/** A redraw at most this often: a tarball arrives in many thousand chunks. */
const REDRAW_MS = 100;

export class ProgressBar {
  private lastDraw = 0;
  private lastQuarter = 0;

  constructor(
    private readonly label: string,
    private readonly tty = Boolean(process.stderr.isTTY),
    private readonly writeLine: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  update(done: number, total: number): void {
    if (this.tty) {
      const now = Date.now();
      if (now - this.lastDraw < REDRAW_MS && done < total) return;
      this.lastDraw = now;
      progress(renderBar(this.label, done, total));
      return;
    }
    // Elsewhere a line at each quarter: enough to see a long save is alive.
    const quarter = total > 0 ? Math.floor((4 * Math.min(done, total)) / total) : 0;
    if (quarter > this.lastQuarter && quarter < 4) this.writeLine(renderBar(this.label, done, total));
    this.lastQuarter = Math.max(this.lastQuarter, quarter);
  }

  /** A stage of work without a byte count (a build): the line replaces the bar on a terminal. */
  stage(line: string): void {
    if (this.tty) progress(`${this.label}: ${line}`);
    else this.writeLine(`${this.label}: ${line}`);
  }

  end(): void {
    if (this.tty) endProgress();
  }
}
