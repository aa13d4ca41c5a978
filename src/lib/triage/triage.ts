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

export function triage(text: string, options: TriageOptions = {}): TriageResult {
  const { lines, segments } = segment(text);
  const matchers: readonly Matcher[] = options.extraSymptoms?.length
    ? [...catalogMatchers(), ...symptomMatchers(options.extraSymptoms)]
    : catalogMatchers();

  const hasException = segments.some((s) => s.kind === 'exception');
  const roots = rootSegments(segments, matchers);
  const best = new Map<FailureId, Evidence>();
  let order = 0;
  const offer = (e: Omit<Evidence, 'order'>): void => {
    const prev = best.get(e.failure);
    if (!prev || e.score > prev.score) best.set(e.failure, { ...e, order: order++ });
  };

  for (const seg of segments) {
    const place = placeOf(seg, roots, hasException);
    const chunk = segmentText(seg);
    for (const m of matchers) {
      if (m.literal !== null && !chunk.includes(m.literal)) continue;
      m.re.lastIndex = 0;
      const found = m.re.exec(chunk);
      if (!found) continue;
      const extracted = extractNames(found, m.groupNames);
      if (seg.exceptionType) extracted.exception_type = seg.exceptionType;
      const loaded = loadedPath(seg.frames);
      if (loaded && !('path' in extracted)) extracted.loaded_path = loaded;
      const refined = refine(m.messageId, extracted);
      const failure = refined ? refined.failure : m.failure;
      const score = scoreOf(place, m.wrapper, fixedChars(found));
      offer({
        failure,
        score,
        line: lineAt(lines, seg, chunk, found.index),
        message_id: m.messageId,
        extracted,
        why: whyOf(place, seg, m, refined?.why ?? null),
      });
    }
  }

  // Keywords last: only win when nothing better names the failure.
  for (const seg of segments) {
    const candidates = seg.kind === 'exception' ? [...seg.frames, ...seg.lines] : seg.lines;
    for (const h of HEURISTICS) {
      const prev = best.get(h.failure);
      if (prev && prev.score >= h.score) continue;
      for (let k = 0; k < candidates.length; k++) {
        const line = candidates[k];
        const isFrame = seg.kind === 'exception' && k < seg.frames.length;
        if (isFrame && !h.frames) continue;
        const hit = h.re.exec(line);
        if (!hit) continue;
        offer({
          failure: h.failure,
          score: h.score,
          line,
          message_id: null,
          extracted: seg.exceptionType ? { exception_type: seg.exceptionType, keyword: hit[0] } : { keyword: hit[0] },
          why: `No known message names this failure, but "${clip(hit[0], 60)}" suggests it: ${h.why}.`,
        });
        break;
      }
    }
  }

  const matches = [...best.values()]
    .sort((a, b) => b.score - a.score || FAILURE_IDS.indexOf(a.failure) - FAILURE_IDS.indexOf(b.failure) || a.order - b.order)
    .map(({ order: _order, ...m }) => ({ ...m, score: round(m.score) }));
  return { matches };
}

/**
 * For each chain, the exception that is its root cause: the first printed (= first raised)
 * exception whose text is a known, non-wrapper message; if none is known, the first one.
 */
function rootSegments(segments: readonly Segment[], matchers: readonly Matcher[]): Set<Segment> {
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
    const known = chain.find((s) => {
      const chunk = segmentText(s);
      return matchers.some((m) => !m.wrapper && (m.literal === null || chunk.includes(m.literal)) && testFrom0(m.re, chunk));
    });
    roots.add(known ?? chain[0]);
  }
  return roots;
}

function testFrom0(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  return re.test(s);
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
const LOAD_CALL = /\b(?:load_model|load_weights|restore|load|load_checkpoint|latest_checkpoint|TFSMLayer|NewCheckpointReader)\(\s*(?:[\w.]+\s*,\s*(?:\[[^\]]*\]\s*,\s*)?)?[rbf]?["']([^"']{1,500})["']/;

function loadedPath(frames: readonly string[]): string | null {
  for (const f of frames) {
    const m = LOAD_CALL.exec(f);
    if (m) return m[1];
  }
  return null;
}

function lineAt(lines: readonly string[], seg: Segment, chunk: string, index: number): string {
  let offset = 0;
  for (let i = 0; i < index && i < chunk.length; i++) if (chunk.charCodeAt(i) === 10) offset++;
  return seg.lines[offset] ?? lines[seg.firstLine] ?? '';
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
      where = `A later exception in the chain${type} is ${what}; it is a consequence of the first-raised error`;
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
