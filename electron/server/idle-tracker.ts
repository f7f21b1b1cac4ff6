// Pure: which learners have done nothing for a while, so their boxes can be
// reclaimed. The clock is passed in: tests step time instead of waiting.

export class IdleTracker {
  private readonly lastActive = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** `key` did something just now. */
  touch(key: string): void {
    this.lastActive.set(key, this.now());
  }

  /** Keys idle for `timeoutMs` or more, each forgotten until touched again (reclaimed once, not every round). */
  takeIdle(timeoutMs: number): string[] {
    const at = this.now();
    const idle = [...this.lastActive].filter(([, last]) => at - last >= timeoutMs).map(([key]) => key);
    for (const key of idle) this.lastActive.delete(key);
    return idle;
  }
}
