/**
 * Traceback triage: pasted traceback or log text -> failure ids, best first, each with the
 * line that matched and the names taken from it.
 *
 * Evidence is weighed by where it sits:
 *   root cause of an exception chain (the first-raised exception with a known message)
 *   > another exception in the chain > a log line, warning or loose text > a keyword.
 * Wrappers ("could not be deserialized properly", "Exception encountered:", "A total of N
 * objects could not be loaded", "Original error:") rank below the message they carry.
 */
import { FAILURE_IDS, type FailureId } from '../catalog.ts';
import { HEURISTICS } from './heuristics.ts';
import { catalogMatchers, symptomMatchers, type Matcher } from './patterns.ts';
import { refine } from './refine.ts';
import { segment, segmentText, type Segment } from './segment.ts';
import type { TriageMatch, TriageOptions, TriageResult } from './types.ts';

/** Base score per place in the text; a specificity bonus of up to SPECIFICITY is added. */
const TIER = {
  root: 0.9,
  chain: 0.76,
  /** A message pasted without any traceback around it. */
  loneText: 0.84,
  /** A stack dump of a process that was still running (no exception). */
  stack: 0.72,
  /** Warnings, log records and loose text next to a traceback: often side effects. */
  log: 0.56,
  /** Same, when the text holds no exception at all (a log of a silent failure or a hang). */
  logOnly: 0.8,
} as const;
const WRAPPER_PENALTY = 0.16;
const SPECIFICITY = 0.08;
/** Fixed (non-captured) characters in a match that earn the full specificity bonus. */
const SPECIFIC_CHARS = 80;

interface Evidence extends TriageMatch {
  /** Order found, for stable ties. */
  order: number;
}

type Place = 'root' | 'chain' | 'loneText' | 'stack' | 'log' | 'logOnly';

/**
 * Rank the failure ids a pasted traceback or log points to. Pure and synchronous; input over
 * 200 KB keeps its head and tail, lines over 4,000 characters are clipped.
 */
export function triage(text: string, options: TriageOptions = {}): TriageResult {
  const { original, segments } = segment(text);
  const matchers: readonly Matcher[] = options.extraSymptoms?.length
    ? [...catalogMatchers(), ...symptomMatchers(options.extraSymptoms)]
    : catalogMatchers();

  const hasException = segments.some((s) => s.kind === 'exception');
  // Every pattern runs once per segment; the hits decide the roots and become the evidence.
  const hits = new Map<Segment, Hit[]>();
  for (const seg of segments) hits.set(seg, matchSegment(segmentText(seg), matchers));
  const roots = rootSegments(segments, hits);
  const best = new Map<FailureId, Evidence>();
  let order = 0;
  const offer = (e: Omit<Evidence, 'order'>): void => {
    const prev = best.get(e.failure);
    if (!prev || e.score > prev.score) best.set(e.failure, { ...e, order: order++ });
  };

  for (const seg of segments) {
    const place = placeOf(seg, roots, hasException);
    const loaded = loadedPath(seg.frames);
    for (const { matcher: m, found, chunk } of hits.get(seg) ?? []) {
      const extracted = extractNames(found, m.groupNames);
      if (seg.exceptionType) extracted.exception_type = seg.exceptionType;
      if (loaded && !('path' in extracted)) extracted.loaded_path = loaded;
      const refined = refine(m.messageId, extracted);
      offer({
        failure: refined ? refined.failure : m.failure,
        score: scoreOf(place, m.wrapper, fixedChars(found)),
        line: lineAt(original, seg, chunk, found.index),
        message_id: m.messageId,
        extracted,
        why: whyOf(place, seg, m, refined?.why ?? null),
      });
    }
  }

  // Keywords last: only win when nothing better names the failure.
  for (const seg of segments) {
    const body = segmentText(seg);
    const frames = seg.frames.length ? seg.frames.join('\n') : '';
    for (const h of HEURISTICS) {
      const prev = best.get(h.failure);
      if (prev && prev.score >= h.score) continue;
      let hit = execFrom0(h.re, body);
      let line = hit ? lineAt(original, seg, body, hit.index) : '';
      if (!hit && h.frames && frames) {
        hit = execFrom0(h.re, frames);
        if (hit) line = lineOf(frames, hit.index);
      }
      if (!hit) continue;
      offer({
        failure: h.failure,
        score: h.score,
        line,
        message_id: null,
        extracted: seg.exceptionType ? { exception_type: seg.exceptionType, keyword: hit[0] } : { keyword: hit[0] },
        why: `No known message names this failure, but "${clip(hit[0], 60)}" suggests it: ${h.why}.`,
      });
    }
  }

  const matches = [...best.values()]
    .sort((a, b) => b.score - a.score || FAILURE_IDS.indexOf(a.failure) - FAILURE_IDS.indexOf(b.failure) || a.order - b.order)
    .map(({ order: _order, ...m }) => ({ ...m, score: round(m.score) }));
  return { matches };
}

interface Hit {
  matcher: Matcher;
  found: RegExpExecArray;
  chunk: string;
}

function matchSegment(chunk: string, matchers: readonly Matcher[]): Hit[] {
  const out: Hit[] = [];
  for (const matcher of matchers) {
    if (matcher.literal !== null && !chunk.includes(matcher.literal)) continue;
    const found = execFrom0(matcher.re, chunk);
    if (found) out.push({ matcher, found, chunk });
  }
  return out;
}

/**
 * For each chain, the exception that is its root cause: the first printed (= first raised)
 * exception whose text is a known, non-wrapper message; if none is known, the first one.
 */
function rootSegments(segments: readonly Segment[], hits: ReadonlyMap<Segment, Hit[]>): Set<Segment> {
  const byChain = new Map<number, Segment[]>();
  for (const s of segments) {
    if (s.kind !== 'exception') continue;
    const list = byChain.get(s.chain) ?? [];
    list.push(s);
    byChain.set(s.chain, list);
  }
  const roots = new Set<Segment>();
  for (const chain of byChain.values()) {
    chain.sort((a, b) => a.position - b.position);
    const known = chain.find((s) => (hits.get(s) ?? []).some((h) => !h.matcher.wrapper));
    roots.add(known ?? chain[0]);
  }
  return roots;
}

function execFrom0(re: RegExp, s: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(s);
}

/** The whole line of `text` that contains `index`. */
function lineOf(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end < 0 ? text.length : end);
}

function placeOf(seg: Segment, roots: ReadonlySet<Segment>, hasException: boolean): Place {
  switch (seg.kind) {
    case 'exception':
      return roots.has(seg) ? 'root' : 'chain';
    case 'stack':
      return 'stack';
    case 'text':
      return hasException ? 'log' : 'loneText';
    case 'log':
      return hasException ? 'log' : 'logOnly';
  }
}

function scoreOf(place: Place, wrapper: boolean, fixed: number): number {
  const base = TIER[place] - (wrapper ? WRAPPER_PENALTY : 0);
  return Math.min(1, Math.max(0, base + SPECIFICITY * Math.min(1, fixed / SPECIFIC_CHARS)));
}

/** Characters of the match that the pattern fixed (not captured): how specific the match is. */
function fixedChars(m: RegExpExecArray): number {
  let captured = 0;
  for (let i = 1; i < m.length; i++) captured += m[i]?.length ?? 0;
  return Math.max(0, m[0].length - captured);
}

function extractNames(m: RegExpExecArray, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (m.groups) {
    for (const [k, v] of Object.entries(m.groups)) if (v !== undefined && v.trim() !== '') out[k] = v.trim();
  }
  for (let i = 1; i < m.length; i++) {
    const name = names[i - 1];
    const value = m[i];
    if (!name || value === undefined) continue;
    const v = value.trim();
    if (v !== '' && !(name in out)) out[name] = v;
  }
  return out;
}

/** The path the user's own code passed to a loader, from the traceback's code lines. */
const LOAD_CALL =
  /\b(?:load_model|load_weights|restore|load|load_checkpoint|latest_checkpoint|TFSMLayer|NewCheckpointReader)\(\s*(?:[\w.]+\s*,\s*(?:\[[^\]]*\]\s*,\s*)?)?[rbf]?["']([^"']{1,500})["']/;

function loadedPath(frames: readonly string[]): string | null {
  for (const f of frames) {
    const m = LOAD_CALL.exec(f);
    if (m) return m[1];
  }
  return null;
}

/** The input line (as pasted) holding `index` of a segment's text; segment lines are consecutive. */
function lineAt(original: readonly string[], seg: Segment, chunk: string, index: number): string {
  let offset = 0;
  for (let i = 0; i < index && i < chunk.length; i++) if (chunk.charCodeAt(i) === 10) offset++;
  return original[seg.firstLine + offset] ?? seg.lines[offset] ?? '';
}

function whyOf(place: Place, seg: Segment, m: Matcher, refinedWhy: string | null): string {
  const what = m.messageId ? `the known message "${m.label}"` : `the ${m.label}`;
  const type = seg.exceptionType ? ` (${seg.exceptionType})` : '';
  let where: string;
  switch (place) {
    case 'root':
      where = `The root cause of the traceback${type} is ${what}`;
      break;
    case 'chain':
      where = `Another exception in the chain${type} is ${what}; the chain's root cause ranks above it`;
      break;
    case 'loneText':
      where = `The pasted text is ${what}`;
      break;
    case 'stack':
      where = `A stack dump of a still-running process matches ${what}`;
      break;
    case 'log':
      where = `A log line or warning matches ${what}; next to an exception, such lines are often side effects`;
      break;
    case 'logOnly':
      where = `The log holds no exception, and a log line matches ${what}`;
      break;
  }
  if (m.wrapper) where += '; it wraps another error, so what it carries ranks higher';
  if (refinedWhy) where += `; ${refinedWhy}`;
  return `${where}.`;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
