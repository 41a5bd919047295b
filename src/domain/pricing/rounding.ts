/**
 * Integer money arithmetic: every figure is a whole number of minor units, and every division rounds
 * half up (away from zero for the non-negative amounts pricing deals in). docs/decisions/pricing.md.
 */

/** round_half_up(a × b ÷ d) on non-negative integers, exact even past 2^53 (via BigInt). */
export function mulDivHalfUp(a: number, b: number, d: number): number {
  if (d <= 0) throw new RangeError('divisor must be positive');
  const num = BigInt(a) * BigInt(b);
  const den = BigInt(d);
  return Number((num * 2n + den) / (den * 2n));
}

/**
 * Splits `total` across `weights` in proportion, by largest remainder: every share is floor(total × w ÷ Σw)
 * and the units left over go one each to the largest remainders (ties: the earlier entry). The shares
 * always add up to exactly `total`.
 */
export function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum === 0 || total === 0) return weights.map(() => 0);
  const T = BigInt(total);
  const S = BigInt(sum);
  const shares = weights.map((w) => (T * BigInt(w)) / S);
  const remainders = weights.map((w, i) => ({ i, r: T * BigInt(w) - shares[i] * S }));
  let left = Number(T - shares.reduce((s, x) => s + x, 0n));
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0) break;
    shares[i] += 1n;
    left -= 1;
  }
  return shares.map(Number);
}
