// Which learners' boxes are reclaimed: those idle for the timeout, once each.
import { describe, expect, it } from 'vitest';
import { IdleTracker } from '../../electron/server/idle-tracker';

describe('idle learners', () => {
  it('are those untouched for the timeout, each reclaimed once until it comes back', () => {
    let now = 0;
    const idle = new IdleTracker(() => now);
    idle.touch('ana');
    now = 10_000;
    idle.touch('bea');
    now = 30_000;
    expect(idle.takeIdle(30_000)).toEqual(['ana']);
    expect(idle.takeIdle(30_000)).toEqual([]);
    now = 40_000;
    expect(idle.takeIdle(30_000)).toEqual(['bea']);
    idle.touch('ana');
    now = 69_999;
    expect(idle.takeIdle(30_000)).toEqual([]);
  });
});
