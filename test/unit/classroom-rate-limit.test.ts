// Token buckets with a stepped clock: no waiting in tests.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../electron/classroom/rate-limit';

describe('RateLimiter', () => {
  it('allows the burst, refuses the next with a wait, and refills over time', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perSecond: 2 }, () => now);
    for (let i = 0; i < 3; i++) expect(limiter.take('ada')).toEqual({ allowed: true });
    expect(limiter.take('ada')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('grace')).toEqual({ allowed: true });
    now += 500;
    expect(limiter.retryAfter('ada')).toBe(0);
    expect(limiter.take('ada')).toEqual({ allowed: true });
    expect(limiter.retryAfter('ada')).toBe(1);
  });

  it('forgets refilled buckets when many keys come and go', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 1, perSecond: 1 }, () => now);
    for (let i = 0; i < 10_001; i++) limiter.take(`name-${i}`);
    now += 5_000;
    limiter.take('one more');
    expect(limiter.size).toBe(1);
  });
});
