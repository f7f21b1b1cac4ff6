// Environment problems the learner can fix: what is missing and how to get it.
export class EnvironmentError extends Error {
  constructor(
    message: string,
    /** the next thing to do, as a command or a sentence */
    readonly fix: string,
  ) {
    super(message);
    this.name = 'EnvironmentError';
  }

  override toString(): string {
    return `${this.message}\n  → ${this.fix}`;
  }
}
