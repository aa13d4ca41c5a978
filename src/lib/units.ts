/** How sizes and shapes read for people, the same in the CLI, the browser and findings. */

/** 1536 → "1.5 KiB". Binary units, as file managers and `du -h` count. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = n / 1024;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value.toFixed(1)} ${units[i]}`;
}

/** [3, -1] → "[3, ?]"; null → "(unknown rank)". */
export function shapeText(shape: readonly number[] | null): string {
  if (shape === null) return '(unknown rank)';
  return `[${shape.map((d) => (d < 0 ? '?' : String(d))).join(', ')}]`;
}
