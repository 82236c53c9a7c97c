export function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
