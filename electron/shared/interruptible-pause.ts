// A retry loop's wait between attempts that stopping can cut short, so a
// shutdown never sits out a backoff.
export class InterruptiblePause {
  private cut: (() => void) | undefined;

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.cut = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Ends the current wait now, if there is one. */
  interrupt(): void {
    this.cut?.();
    this.cut = undefined;
  }
}
