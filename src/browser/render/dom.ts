/**
 * Tiny DOM helpers. Every string from a file (names, keys, configs) goes in through
 * `textContent`, never `innerHTML`, so a layer named `<img onerror=...>` stays text.
 */
import { formatBytes as formatSize } from '../../lib/units.ts';

export { shapeText } from '../../lib/units.ts';

/** Sizes in tables: an em dash when unknown. */
export function formatBytes(n: number | null): string {
  return n === null ? '—' : formatSize(n);
}

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
