/** One measured figure and the target it is held to (lower is better). */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  target: number;
}

export function formatFigure(f: BenchFigure): string {
  const verdict = f.value <= f.target ? 'ok' : 'OVER TARGET';
  return `${f.name}\n  ${f.value.toFixed(f.value < 10 ? 2 : 0)} ${f.unit}  (target ${f.target} ${f.unit})  ${verdict}`;
}
