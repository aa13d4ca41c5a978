/**
 * Traceback triage: pasted traceback or log text -> failure ids, best first, each with the
 * lines that decided it and the guide section that explains it, plus one answer to show.
 *
 * Reading order:
 *   1. segment.ts cleans every line (colours, quoting, pytest/MPI prefixes, Markdown) and splits
 *      the paste into exceptions (grouped into chains), log records, stack dumps and text;
 *   2. every catalog pattern runs once per segment; what it misses because the text was wrapped,
 *      cut or re-typed, the partial template match (fuzzy.ts) may still find, with a lower score;
 *   3. context.ts reads the whole paste (paths given to loaders, loader calls, library paths,
 *      a save/reload round trip, restore progress) and rules.ts lets it change what a message
 *      means (an add-on op is a missing import; a table error on a data shard is a wrong path);
 *   4. keywords (heuristics.ts) speak only when nothing better names the failure;
 *   5. answer.ts picks what to say first.
 *
 * Evidence is weighed by where it sits:
 *   root cause of an exception chain (the first-raised exception with a known message)
 *   > another exception in the chain > a log line, warning or loose text > a keyword.
 * Wrappers ("could not be deserialized properly", "Exception encountered:", "A total of N
 * objects could not be loaded", "Original error:") rank below the message they carry.
 */
import { FAILURE_IDS } from '../catalog.ts';
import { decide } from './answer.ts';
import { joinLines, readContext } from './context.ts';
import { candidates, fuzzyMatch, type GramIndex, gramIndex, squashWithMap, unwrapVariants } from './fuzzy.ts';
import { type PrefixIndex, prefixIndex, scan } from './prefix-index.ts';
import { causeOf, guideLink } from './guide.ts';
import { HEURISTICS } from './heuristics.ts';
import { catalogMatchers, symptomMatchers, type Matcher } from './patterns.ts';
import { applyRules, type Evidence, type Place } from './rules.ts';
import { segment, segmentText, type Segment } from './segment.ts';
import type { DecidingLine, TriageMatch, TriageOptions, TriageResult } from './types.ts';

/** Base score per place in the text; a specificity bonus of up to SPECIFICITY is added. */
export const TIER = {
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
/** A partial (wrapped, cut, re-typed) match ranks below an exact one at the same place. */
const FUZZY_PENALTY = 0.1;
/** ... and loses up to this much more as less of the template is found. */
const FUZZY_COVERAGE_PENALTY = 0.15;
/** Messages that report a consequence never score above this. */
export const WEAK_CAP = 0.5;
/** Bound the partial matching so no input makes it slow. */
const FUZZY_MAX_SEGMENTS = 40;
const FUZZY_MAX_CHARS = 60_000;
/** An INFO-level log record (Python logging, absl/glog, TF C++ with a timestamp). */
const INFO_RECORD = /^(?:INFO[:\s]|I\d{4} \d\d:|I tensorflow\/|\d{4}-\d\d-\d\d[ T][\d:.]+: I )/;
/** Keywords read at most this much of the paste (its head and tail). */
const HEURISTIC_MAX_CHARS = 60_000;

/**
 * Rank the failure ids a pasted traceback or log points to, and say what to tell the reader
 * first. Pure and synchronous; input over 200 KB keeps its head and tail, lines over 4,000
 * characters are clipped.
 */
export function triage(text: string, options: TriageOptions = {}): TriageResult {
  const { original, lines, segments, frameLines } = segment(text);
  const joined = joinLines(lines);
  const ctx = readContext(lines, joined);
  const matchers: readonly Matcher[] = options.extraSymptoms?.length
    ? [...catalogMatchers(), ...symptomMatchers(options.extraSymptoms)]
    : catalogMatchers();
  index ??= gramIndex(catalogMatchers());

  const hasException = segments.some((s) => s.kind === 'exception' && !s.cutOff);
  // Every pattern runs once per segment; the hits decide the roots and become the evidence.
  const hits = new Map<Segment, Hit[]>();
  const tries = new Map<Segment, Matcher[]>();
  for (const seg of segments) {
    const tried: Matcher[] = [];
    hits.set(seg, matchSegment(segmentText(seg), matchers, tried));
    tries.set(seg, tried);
  }
  const roots = rootSegments(segments, hits);
  const evidence: Evidence[] = [];
  let order = 0;
  const push = (e: Omit<Evidence, 'order'>): void => {
    evidence.push({ ...e, order: order++ });
  };

  let fuzzyBudget = FUZZY_MAX_CHARS;
  let fuzzySegments = 0;
  // The segment holding the paste's last line: a message there may be cut off mid-sentence.
  let last: Segment | null = null;
  for (const seg of segments) if (seg.lines.length && (!last || seg.firstLine > last.firstLine)) last = seg;
  for (const seg of segments) {
    const place = placeOf(seg, roots, hasException);
    const loaded = loadedPath(seg.frames);
    const chunk = segmentText(seg);
    const segHits = hits.get(seg) ?? [];
    for (const { matcher: m, found } of segHits) {
      const extracted = extractNames(found, m.groupNames);
      if (seg.exceptionType) extracted.exception_type = seg.exceptionType;
      if (loaded && !('path' in extracted)) extracted.loaded_path = loaded;
      const lineNo = lineIndexAt(seg, chunk, found.index);
      push(fromMatcher(m, place, seg, lineNo, original, extracted, scoreOf(place, m.wrapper, fixedChars(found)), false));
    }
    // Partial matches for the messages the exact patterns missed in this segment. INFO records
    // are left out: the messages triage knows there are short and are matched exactly.
    if (seg.kind === 'stack' || chunk.length < 20) continue;
    if (seg.kind === 'log' && INFO_RECORD.test(chunk)) continue;
    if (fuzzySegments >= FUZZY_MAX_SEGMENTS || fuzzyBudget < chunk.length) continue;
    fuzzySegments++;
    fuzzyBudget -= chunk.length;
    // In a segment whose message the exact patterns already named, only a second message whose
    // words are there but whose pattern failed (a path with a space, a re-typed name) can add
    // anything; elsewhere every template with a whole piece in the text is tried.
    const named = segHits.some((h) => !h.matcher.weak && !h.matcher.wrapper);
    const matched = new Set(segHits.map((h) => h.matcher));
    const squashed = squashWithMap(chunk);
    const tried = named ? (tries.get(seg) ?? []) : candidates(squashed, index, seg === last);
    for (const m of tried) {
      if (matched.has(m)) continue;
      const hit = fuzzyMatch(squashed, m.pieces, seg === last ? squashed.text.length : -1, seg.kind === 'exception' ? 11 : 16);
      if (!hit) continue;
      const span = chunk.slice(hit.start, hit.end);
      const extracted: Record<string, string> = {};
      for (const variant of unwrapVariants(span)) {
        m.re.lastIndex = 0;
        const again = m.re.exec(variant);
        if (again) {
          Object.assign(extracted, extractNames(again, m.groupNames));
          break;
        }
      }
      if (seg.exceptionType) extracted.exception_type = seg.exceptionType;
      if (loaded && !('path' in extracted)) extracted.loaded_path = loaded;
      const base = TIER[place] - (m.wrapper ? WRAPPER_PENALTY : 0);
      const score = base - FUZZY_PENALTY - FUZZY_COVERAGE_PENALTY * (1 - hit.coverage);
      const e = fromMatcher(m, place, seg, lineIndexAt(seg, chunk, hit.start), original, extracted, score, true);
      e.why = `${e.why.slice(0, -1)}; ${Math.round(hit.coverage * 100)}% of its wording is there (the text is wrapped, cut or re-typed).`;
      push(e);
    }
  }

  applyRules({ evidence, push, ctx, segments, lines, original, roots });

  // Keywords last: only win when nothing better names the failure. They run once over the whole
  // cleaned paste (frames included), so a description split over paragraphs still reads as one.
  // `must` words are checked in what the pattern reads: the prose, or the whole paste.
  const prose = joinCapped(lines, frameLines.size ? frameLines : null);
  const inProse = wordsIn(prose.text.toLowerCase());
  let inAll: Set<string> | null = null;
  let all: Joined | null = frameLines.size ? null : prose;
  for (const h of HEURISTICS) {
    if (h.frames && inAll === null) inAll = frameLines.size ? wordsIn(joined.lower) : inProse;
    const where = h.frames && inAll ? inAll : inProse;
    if (h.must && !h.must.some((w) => where.has(w))) continue;
    if (h.frames) all ??= joinCapped(lines, null);
    const src = h.frames && all ? all : prose;
    if (evidence.some((e) => e.failure === h.failure && e.score >= h.score)) continue;
    const hit = execFrom0(h.re, src.text);
    if (!hit) continue;
    const at = src.lineOf(hit.index);
    const seg = segments.find((x) => at >= x.firstLine && at < x.firstLine + Math.max(1, x.lines.length)) ?? null;
    push({
      failure: h.failure,
      score: h.score,
      lineNo: at,
      message_id: null,
      extracted: seg?.exceptionType ? { exception_type: seg.exceptionType, keyword: hit[0] } : { keyword: hit[0] },
      why: `No known message names this failure, but "${clip(hit[0], 60)}" suggests it: ${h.why}.`,
      lines: [{ line: at + 1, text: original[at] ?? '', why: `the words "${clip(hit[0], 40)}"` }],
      cause: h.cause ?? null,
      weak: true,
      otherCause: null,
      place: seg ? placeOf(seg, roots, hasException) : 'loneText',
      segment: seg,
    });
  }

  // One entry per failure: the strongest evidence, with the lines of the others for it.
  const best = new Map<string, Evidence>();
  for (const e of evidence) {
    const key = e.failure ?? `other:${e.message_id}`;
    const prev = best.get(key);
    if (!prev || e.score > prev.score || (e.score === prev.score && e.order < prev.order)) best.set(key, e);
  }
  const ranked = [...best.values()].sort(
    (a, b) =>
      b.score - a.score ||
      (a.failure ? FAILURE_IDS.indexOf(a.failure) : 99) - (b.failure ? FAILURE_IDS.indexOf(b.failure) : 99) ||
      a.order - b.order,
  );
  // Lines of other evidence for the same failure support the best one ("the lines that decided").
  const support = new Map<string, DecidingLine[]>();
  for (const e of evidence) {
    if (!e.failure) continue;
    const b = best.get(e.failure);
    if (!b || e === b || e.score < b.score - 0.3) continue;
    const list = support.get(e.failure) ?? [];
    list.push(...e.lines);
    support.set(e.failure, list);
  }
  const matches: TriageMatch[] = [];
  for (const e of ranked) {
    if (!e.failure) continue;
    matches.push({
      failure: e.failure,
      score: round(e.score),
      line: original[e.lineNo] ?? '',
      message_id: e.message_id,
      extracted: e.extracted,
      why: e.why,
      lines: dedupeLines([...e.lines, ...(support.get(e.failure) ?? [])]),
      guide: guideLink(e.failure, e.cause),
    });
  }
  const others = ranked.filter((e) => !e.failure);
  const answer = decide({
    matches,
    weak: new Map(ranked.filter((e) => e.failure).map((e) => [e.failure!, e.weak])),
    others,
    ctx,
    segments,
    lines,
    original,
  });
  return { matches, answer };
}

interface Hit {
  matcher: Matcher;
  found: RegExpExecArray;
}

/** Catalog matchers by the first characters of their template pieces (fuzzy.ts). */
let index: GramIndex<Matcher> | null = null;

function fromMatcher(
  m: Matcher,
  place: Place,
  seg: Segment,
  lineNo: number,
  original: readonly string[],
  extracted: Record<string, string>,
  rawScore: number,
  fuzzy: boolean,
): Omit<Evidence, 'order'> {
  const score = m.weak ? Math.min(rawScore, WEAK_CAP) : rawScore;
  return {
    failure: m.failure,
    score,
    lineNo,
    message_id: m.messageId,
    extracted,
    why: whyOf(place, seg, m),
    lines: [{ line: lineNo + 1, text: original[lineNo] ?? '', why: messageWhy(place, m, fuzzy) }],
    cause: causeOf(m.messageId),
    weak: m.weak,
    otherCause: m.cause,
    place,
    segment: seg,
  };
}

function messageWhy(place: Place, m: Matcher, fuzzy: boolean): string {
  const what =
    place === 'stack'
      ? 'the stack of a process still running'
      : m.failure === null
        ? 'a known message'
        : m.wrapper
          ? 'a wrapper message'
          : m.weak
            ? 'a warning'
            : 'the error message';
  const where =
    place === 'root'
      ? 'the root cause'
      : place === 'chain'
        ? 'a later exception'
        : place === 'log' || place === 'logOnly'
          ? 'a log line'
          : place === 'stack'
            ? 'a dump'
            : 'the text';
  return `${what} (${where}${fuzzy ? ', partly matched' : ''}): ${m.messageId ?? m.label}`;
}

/** Matchers by their prefilter texts (prefix-index.ts), those without one, and catalog order. */
interface Prefilters {
  index: PrefixIndex<Matcher>;
  always: Matcher[];
  order: Map<Matcher, number>;
}
const prefilters = new WeakMap<readonly Matcher[], Prefilters>();

function prefilterOf(matchers: readonly Matcher[]): Prefilters {
  const cached = prefilters.get(matchers);
  if (cached) return cached;
  const entries: [string, Matcher][] = [];
  const always: Matcher[] = [];
  const order = new Map<Matcher, number>();
  matchers.forEach((m, i) => {
    order.set(m, i);
    const texts = m.literal !== null ? [m.literal] : (m.needle ?? []);
    if (texts.length === 0) always.push(m);
    else for (const t of texts) entries.push([t, m]);
  });
  const built = { index: prefixIndex(entries, 6), always, order };
  prefilters.set(matchers, built);
  return built;
}

/** Exact matches in a segment; `tried` receives the matchers whose prefilter text was there. */
function matchSegment(chunk: string, matchers: readonly Matcher[], tried: Matcher[]): Hit[] {
  const out: Hit[] = [];
  const { index, always, order } = prefilterOf(matchers);
  const run = new Set<Matcher>(always);
  scan(chunk.toLowerCase(), index, (m) => run.add(m));
  const ordered = run.size > 1 ? [...run].sort((a, b) => order.get(a)! - order.get(b)!) : [...run];
  for (const matcher of ordered) {
    const found = execFrom0(matcher.re, chunk);
    if (found) out.push({ matcher, found });
    else if (matcher.literal !== null || matcher.needle !== null) tried.push(matcher);
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
    const known = chain.find((s) => (hits.get(s) ?? []).some((h) => !h.matcher.wrapper && !h.matcher.weak));
    roots.add(known ?? chain[0]);
  }
  return roots;
}

function execFrom0(re: RegExp, s: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(s);
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

/** The 0-based input line holding `index` of a segment's text; segment lines are consecutive. */
function lineIndexAt(seg: Segment, chunk: string, index: number): number {
  let offset = 0;
  for (let i = 0; i < index && i < chunk.length; i++) if (chunk.charCodeAt(i) === 10) offset++;
  return seg.firstLine + offset;
}

/**
 * The cleaned paste as one string (head and tail when long), without the lines in `skip`, and a
 * way back to line numbers.
 */
/** Every heuristic's `must` words, longest first, in one pattern; and which words start each. */
let mustWords: { re: RegExp; prefixes: Map<string, string[]> } | null = null;

/** Which `must` words occur in a lower-cased text: one scan instead of one search per word. */
function wordsIn(lower: string): Set<string> {
  if (!mustWords) {
    const words = [...new Set(HEURISTICS.flatMap((h) => h.must ?? []))].sort((a, b) => b.length - a.length);
    const prefixes = new Map<string, string[]>();
    for (const w of words)
      prefixes.set(
        w,
        words.filter((v) => v !== w && w.startsWith(v)),
      );
    mustWords = { re: new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'g'), prefixes };
  }
  const found = new Set<string>();
  const { re, prefixes } = mustWords;
  re.lastIndex = 0;
  for (let m = re.exec(lower); m; m = re.exec(lower)) {
    found.add(m[0]);
    for (const p of prefixes.get(m[0]) ?? []) found.add(p);
    re.lastIndex = m.index + 1;
  }
  return found;
}

interface Joined {
  text: string;
  lineOf: (index: number) => number;
}

function joinCapped(lines: readonly string[], skip: ReadonlySet<number> | null): Joined {
  const starts: number[] = [];
  const kept: number[] = [];
  const parts: string[] = [];
  let at = 0;
  const add = (i: number): void => {
    if (skip?.has(i)) return;
    starts.push(at);
    kept.push(i);
    parts.push(lines[i]);
    at += lines[i].length + 1;
  };
  let total = 0;
  for (const l of lines) total += l.length + 1;
  if (total <= HEURISTIC_MAX_CHARS) {
    for (let i = 0; i < lines.length; i++) add(i);
  } else {
    let n = 0;
    let i = 0;
    for (; i < lines.length && n < HEURISTIC_MAX_CHARS / 2; i++) {
      n += lines[i].length + 1;
      add(i);
    }
    let j = lines.length - 1;
    let m = 0;
    while (j > i && m < HEURISTIC_MAX_CHARS / 2) m += lines[j--].length + 1;
    for (let k = j + 1; k < lines.length; k++) add(k);
  }
  const text = parts.length ? `${parts.join('\n')}\n` : '';
  const lineOf = (index: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return kept[lo] ?? 0;
  };
  return { text, lineOf };
}

function whyOf(place: Place, seg: Segment, m: Matcher): string {
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
  if (m.weak) where += '; it reports a consequence, not its cause, so it is a hint rather than an answer';
  return `${where}.`;
}

/** One entry per line (the first reason given for it), the deciding evidence first, then by line. */
function dedupeLines(lines: readonly DecidingLine[]): DecidingLine[] {
  const seen = new Set<number>();
  const out: DecidingLine[] = [];
  for (const l of lines) {
    if (seen.has(l.line)) continue;
    seen.add(l.line);
    out.push(l);
  }
  return out.slice(0, 6).sort((a, b) => a.line - b.line);
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
