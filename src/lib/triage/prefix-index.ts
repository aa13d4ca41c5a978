/**
 * Which of many texts occur in a string, in one pass: every text is filed under a hash of its
 * first `width` characters; a rolling hash over the string then costs one array read per
 * position, and only the texts filed there are compared. Used to pick the catalog patterns whose
 * text occurs in a segment, and the templates whose words occur in a squashed one.
 */
export interface PrefixIndex<T> {
  width: number;
  buckets: ([string, T][] | undefined)[];
  /** Texts shorter than `width`: compared with `includes`. */
  short: [string, T][];
  /** BASE^(width-1), to roll the first character out. */
  top: number;
}

const BASE = 31;
const BITS = 16;
const MASK = (1 << BITS) - 1;

function hashOf(s: string, from: number, width: number): number {
  let h = 0;
  for (let i = 0; i < width; i++) h = (Math.imul(h, BASE) + s.charCodeAt(from + i)) | 0;
  return h;
}

export function prefixIndex<T>(entries: readonly [string, T][], width: number): PrefixIndex<T> {
  const buckets: ([string, T][] | undefined)[] = new Array(1 << BITS);
  const short: [string, T][] = [];
  for (const [text, value] of entries) {
    if (text.length < width) {
      short.push([text, value]);
      continue;
    }
    const k = hashOf(text, 0, width) & MASK;
    const b = buckets[k] ?? [];
    b.push([text, value]);
    buckets[k] = b;
  }
  let top = 1;
  for (let i = 1; i < width; i++) top = Math.imul(top, BASE);
  return { width, buckets, short, top };
}

/**
 * Call `hit(value)` for every entry whose text occurs in `s`; with `tail`, also for an entry
 * whose start (at least `tail` characters, `tail` >= width) runs into the end of `s`.
 */
export function scan<T>(s: string, index: PrefixIndex<T>, hit: (value: T) => void, tail = 0): void {
  const { width, buckets, top } = index;
  for (const [text, value] of index.short) if (s.includes(text)) hit(value);
  if (s.length < width) return;
  let h = hashOf(s, 0, width);
  for (let i = 0; ; i++) {
    const b = buckets[h & MASK];
    if (b !== undefined) {
      for (const [text, value] of b) {
        if (s.startsWith(text, i)) hit(value);
        else if (tail > 0 && s.length - i >= tail && s.length - i < text.length && text.startsWith(s.slice(i))) hit(value);
      }
    }
    if (i + width >= s.length) break;
    h = (Math.imul(h - Math.imul(s.charCodeAt(i), top), BASE) + s.charCodeAt(i + width)) | 0;
  }
}
