import { greet, Shape, area } from "./lib";
import { sum } from "./math/sum";

const shapes: Shape[] = [
  { kind: "circle", r: 2 },
  { kind: "rect", w: 3, h: 4 },
];

export function main(): string {
  const total = sum(shapes.map(area));
  return `${greet("franca")} total area ${total.toFixed(3)}`;
}

console.log(main());
