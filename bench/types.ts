/** One benchmark figure with its goal; `better` says which side of the goal passes. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  goal: number;
  better: 'lower' | 'higher';
}

/** What every bench/*.bench.ts module exports. */
export type BenchModule = { run(): Promise<BenchResult[]> };

export function passes(r: BenchResult): boolean {
  return r.better === 'lower' ? r.value <= r.goal : r.value >= r.goal;
}

/** The p-th percentile (0..100) of samples, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
