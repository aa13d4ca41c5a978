/**
 * Tiny DOM helpers. Every string from a file (names, keys, configs) goes in through
 * `textContent`, never `innerHTML`, so a layer named `<img onerror=...>` stays text.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

export function section(title: string, id: string, ...children: (Node | string | null | false)[]): HTMLElement {
  return el('section', { class: 'checker-section', 'aria-labelledby': id }, el('h3', { id }, title), ...children);
}

export function formatBytes(n: number | null): string {
  if (n === null) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value.toFixed(1)} ${units[i]}`;
}

export function shapeText(shape: readonly number[] | null): string {
  return shape === null ? 'unknown rank' : `[${shape.map((d) => (d < 0 ? '?' : String(d))).join(', ')}]`;
}
