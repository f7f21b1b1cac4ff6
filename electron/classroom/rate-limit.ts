// Token buckets by key (a learner's name, a client's address). Pure: the clock
// is passed in, so tests step time instead of waiting for it.

export interface BucketRule {
  /** requests allowed at once */
  burst: number;
  /** requests regained per second */
  perSecond: number;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Past this many keys, buckets that have refilled are forgotten: a stream of new names cannot grow memory. */
const PRUNE_ABOVE = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rule: BucketRule,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token from `key`'s bucket, or says how long until one is back. */
  take(key: string): Admission {
    const at = this.now();
    const bucket = this.refilled(key, at);
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      return { allowed: false, retryAfterSeconds: this.secondsToToken(bucket.tokens) };
    }
    this.buckets.set(key, { tokens: bucket.tokens - 1, at });
    if (this.buckets.size > PRUNE_ABOVE) this.prune(at);
    return { allowed: true };
  }

  /** Seconds until `key` has a token (0: it has one now), taking none. */
  retryAfter(key: string): number {
    const { tokens } = this.refilled(key, this.now());
    return tokens >= 1 ? 0 : this.secondsToToken(tokens);
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, at: number): Bucket {
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: this.rule.burst, at };
    const tokens = Math.min(this.rule.burst, bucket.tokens + ((at - bucket.at) / 1000) * this.rule.perSecond);
    return { tokens, at };
  }

  private secondsToToken(tokens: number): number {
    return Math.max(1, Math.ceil((1 - tokens) / this.rule.perSecond));
  }

  private prune(at: number): void {
    for (const [key] of this.buckets) {
      if (this.refilled(key, at).tokens >= this.rule.burst) this.buckets.delete(key);
    }
  }
}
