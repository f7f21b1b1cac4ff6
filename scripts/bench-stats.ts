// What the bench scripts print: percentiles of samples, one line per measure.

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function latencyRow(name: string, samples: number[], decimals = 0): string {
  const ms = (p: number) => percentile(samples, p).toFixed(decimals).padStart(5 + decimals);
  return `${name.padEnd(34)} p50 ${ms(50)} ms   p95 ${ms(95)} ms   (n=${samples.length})`;
}
