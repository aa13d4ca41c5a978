/**
 * Partial template matching: what the exact patterns miss because the text was wrapped in the
 * middle of a word ("the che\nckpoint"), cut off at the end, quoted inside a sentence, or
 * re-typed with different spacing and punctuation.
 *
 * Text and templates are squashed to lower-case letters and digits, so wrapping, quoting,
 * Markdown and punctuation disappear. A template's fixed pieces (the words between its
 * placeholders) are then looked for in order; the score says how much of the template's fixed
 * text was found. A match must start on a distinctive piece, and pieces must follow each other
 * within a placeholder's reach, so boilerplate shared by many messages does not match alone.
 */
import { squash } from './patterns.ts';
import { type PrefixIndex, prefixIndex, scan } from './prefix-index.ts';

export interface Squashed {
  text: string;
  /** For each squashed character, its index in the source string. */
  at: Int32Array;
}

/** Buffers reused between calls (a Squashed is read before the next call makes another). */
let atBuffer = new Int32Array(1024);
let codeBuffer = new Uint16Array(1024);

/** Squash `source`; the result is valid until the next call. */
export function squashWithMap(source: string): Squashed {
  if (atBuffer.length < source.length) {
    atBuffer = new Int32Array(source.length * 2);
    codeBuffer = new Uint16Array(source.length * 2);
  }
  const at = atBuffer;
  const codes = codeBuffer;
  let n = 0;
  for (let i = 0; i < source.length; i++) {
    let c = source.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      codes[n] = c;
      at[n++] = i;
    }
  }
  let text = '';
  for (let i = 0; i < n; i += 4096)
    text += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  return { text, at: at.subarray(0, n) };
}

/** Squashed characters that index a piece: every anchor is at least this long. */
export const GRAM = 8;

/**
 * Which matchers could match a squashed text: those with a whole anchor-length piece in it (or,
 * at the very end of the text, the start of one: a cut message). One pass (prefix-index.ts).
 */
export function candidates<T>(s: Squashed, index: GramIndex<T>, cut = false): Set<T> {
  const out = new Set<T>();
  scan(s.text, index, (m) => out.add(m), cut ? 10 : 0);
  return out;
}

export type GramIndex<T> = PrefixIndex<T>;

/** Index of each matcher's anchor-length pieces. */
export function gramIndex<T extends { pieces: readonly (readonly string[])[] }>(matchers: readonly T[]): GramIndex<T> {
  const entries: [string, T][] = [];
  for (const m of matchers) {
    for (const pieces of m.pieces) for (const p of pieces) if (p.length >= GRAM) entries.push([p, m]);
  }
  return prefixIndex(entries, GRAM);
}

export interface FuzzyHit {
  /** Share of the template's fixed text found, 0..1. */
  coverage: number;
  /** Squashed characters found. */
  matched: number;
  /** Span in the source string. */
  start: number;
  end: number;
}

/** A piece this long or longer can start a match on its own. */
const ANCHOR = 12;
/** Squashed characters a placeholder may stand for between two pieces. */
const GAP = 1500;
/** Found characters below which a partial match says nothing. */
const MIN_MATCHED = 24;
const MIN_COVERAGE = 0.35;

/** A message cut off at the end of the paste: this much of a piece's start must be there. */
const CUT_TAIL = 10;

/**
 * Best partial match of a template's pieces in the squashed text. When `cutAt` is given (the
 * squashed length up to the end of the paste's last line), a piece whose start runs into it
 * counts for what is there: the message was cut off ("AssertionError: Some objects had
 * attributes which" is all a thread showed). Such a match must reach the cut, or it is not one,
 * and must hold at least `minCut` squashed characters (fewer when the cut is an exception's own
 * message line, the one place a paste is cut right after the words that name the error).
 */
export function fuzzyMatch(s: Squashed, variants: readonly (readonly string[])[], cutAt = -1, minCut = 16): FuzzyHit | null {
  let best: FuzzyHit | null = null;
  let bestTotal = 1;
  for (const pieces of variants) {
    let total = 0;
    for (const p of pieces) total += p.length;
    for (let first = 0; first < pieces.length; first++) {
      const anchor = pieces[first];
      if (anchor.length < ANCHOR && !(first === 0 && total < 40 && anchor.length >= 8)) continue;
      let pos = s.text.indexOf(anchor);
      let matched = anchor.length;
      let cur = pos + anchor.length;
      if (pos < 0) {
        // Only the opening piece may be cut, and only right at the end of the paste.
        if (first !== 0 || cutAt < 0) continue;
        const k = cutPrefix(s.text, cutAt, anchor);
        if (k < CUT_TAIL) continue;
        pos = cutAt - k;
        matched = k;
        cur = cutAt;
      } else {
        for (let j = first + 1; j < pieces.length; j++) {
          const idx = s.text.indexOf(pieces[j], cur);
          if (idx < 0 || idx - cur > GAP) {
            if (cutAt >= 0 && cur <= cutAt) {
              const k = cutPrefix(s.text, cutAt, pieces[j]);
              if (k >= CUT_TAIL && cutAt - k >= cur && cutAt - k - cur <= GAP) {
                matched += k;
                cur = cutAt;
                break;
              }
            }
            continue;
          }
          matched += pieces[j].length;
          cur = idx + pieces[j].length;
        }
      }
      const coverage = matched / total;
      if (!best || matched > best.matched) {
        best = { coverage, matched, start: s.at[pos], end: s.at[cur - 1] + 1 };
        bestTotal = total;
      }
      if (coverage === 1) break;
    }
  }
  if (!best) return null;
  // A cut message counts as complete up to the cut: judge it by what could be seen.
  const cutComplete = cutAt >= 0 && best.end >= (s.at[cutAt - 1] ?? -1) + 1 && best.matched >= minCut;
  if (best.matched < MIN_MATCHED && best.coverage < 1 && !cutComplete) return null;
  if (best.coverage < MIN_COVERAGE && best.matched < 60 && !cutComplete) return null;
  if (cutComplete && best.coverage < MIN_COVERAGE)
    best.coverage = Math.max(best.coverage, Math.min(0.6, best.matched / Math.min(bestTotal, 60)));
  return best;
}

/** Length of the longest start of `piece` that ends exactly at `end` in `text`. */
function cutPrefix(text: string, end: number, piece: string): number {
  for (let k = Math.min(piece.length - 1, end); k >= CUT_TAIL; k--) {
    if (text.startsWith(piece.slice(0, k), end - k)) return k;
  }
  return 0;
}

/** Re-join a wrapped span so the exact pattern can read it: without and with a space at breaks. */
export function unwrapVariants(span: string): string[] {
  if (!span.includes('\n')) return [span];
  const lines = span.split('\n').map((l, i) => (i === 0 ? l.trimEnd() : l.trim()));
  return [lines.join(''), lines.join(' ')];
}

export { squash };
