// Timing helpers: interleaved rounds (so machine noise hits ours and the baseline alike), p50.

export async function timeMs(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `ours` and `baseline` alternately `rounds` times after `warmup` rounds; returns both p50s. */
export async function compare(
  rounds: number,
  ours: (i: number) => Promise<unknown>,
  baseline: (i: number) => Promise<unknown>,
  warmup = 5,
): Promise<{ value: number; baseline: number }> {
  for (let i = 0; i < warmup; i++) {
    await ours(-1 - i);
    await baseline(-1 - i);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(await timeMs(() => ours(i)));
    b.push(await timeMs(() => baseline(i)));
  }
  return { value: median(a), baseline: median(b) };
}

export interface BenchResult {
  id: string;
  what: string;
  value: number;
  baseline: number;
  ratio: number;
  target: number;
  ok: boolean;
}

export function result(
  id: string,
  what: string,
  p50: { value: number; baseline: number },
  target: number,
): BenchResult {
  const ratio = p50.value / p50.baseline;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    id,
    what,
    value: round(p50.value),
    baseline: round(p50.baseline),
    ratio: round(ratio),
    target,
    ok: ratio <= target,
  };
}
