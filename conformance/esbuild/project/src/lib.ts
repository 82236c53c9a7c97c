export type Shape =
  | { kind: "circle"; r: number }
  | { kind: "rect"; w: number; h: number };

export function area(s: Shape): number {
  switch (s.kind) {
    case "circle":
      return Math.PI * s.r * s.r;
    case "rect":
      return s.w * s.h;
  }
}

export const greet = (name: string): string => `hello, ${name}:`;

export class Counter {
  private n = 0;
  inc(): number {
    return ++this.n;
  }
}
