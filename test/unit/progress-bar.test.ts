// The CLI's progress display: the bar itself (pure), and the plain lines a log gets.
import { describe, expect, it } from 'vitest';
import { formatBytes, ProgressBar, renderBar } from '../../electron/cli/progress-bar';

describe('formatBytes', () => {
  it('counts in powers of 1000, as docker does', () => {
    expect([0, 999, 1000, 140_226_560, 1_500_000_000].map(formatBytes)).toEqual(['0 B', '999 B', '1.0 kB', '140.2 MB', '1.5 GB']);
  });
});

describe('renderBar', () => {
  it('fills in proportion and says how much of how much', () => {
    expect(renderBar('saving k.tar', 25, 100, 8)).toBe('saving k.tar [██░░░░░░]  25% 25 B / 100 B');
    expect(renderBar('x', 0, 0, 4)).toBe('x [░░░░]   0% 0 B / 0 B');
    // an estimate that proves short never draws past the end
    expect(renderBar('x', 150, 100, 4)).toBe('x [████] 100% 150 B / 100 B');
  });
});

describe('ProgressBar without a terminal', () => {
  it('writes a plain line at each quarter, not one per chunk', () => {
    const lines: string[] = [];
    const bar = new ProgressBar('loading k.tar', false, (line) => lines.push(line));
    for (let done = 0; done <= 1000; done += 10) bar.update(done, 1000);
    expect(lines).toEqual([
      expect.stringMatching(/^loading k\.tar \[.+\]  25% 250 B \/ 1\.0 kB$/),
      expect.stringMatching(/ 50% 500 B/),
      expect.stringMatching(/ 75% 750 B/),
    ]);
    bar.stage('[1/3] debootstrap');
    expect(lines.at(-1)).toBe('loading k.tar: [1/3] debootstrap');
  });
});
