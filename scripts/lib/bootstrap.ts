// A bootstrap interval of the difference of two samples' medians, for the benches: two arms of
// noisy runs (Lighthouse on a shared machine) say a goal is met only when the whole interval is
// within it.
import { median } from "../../app/domain/mining/stats";
import { mulberry32 } from "./zipf-baskets";

/**
 * The central `level` interval of median(a) − median(b) over `resamples` bootstrap resamples (each
 * arm resampled with replacement), from a fixed seed: the same runs give the same interval.
 */
export function medianDifferenceInterval(
  a: readonly number[],
  b: readonly number[],
  { level = 0.9, resamples = 4000, seed = 0x2f6b } = {},
): [number, number] {
  if (!a.length || !b.length) return [Number.NaN, Number.NaN];
  const random = mulberry32(seed);
  const resample = (xs: readonly number[]) => xs.map(() => xs[Math.floor(random() * xs.length)]);
  const ds = Float64Array.from({ length: resamples }, () => median(resample(a)) - median(resample(b))).sort();
  const tail = (1 - level) / 2;
  return [ds[Math.floor(resamples * tail)], ds[Math.ceil(resamples * (1 - tail)) - 1]];
}
