/**
 * Splitting pasted text into the pieces triage weighs differently: Python exceptions (grouped
 * into chains by "During handling of the above exception..." / "The above exception was the
 * direct cause..."), log records, stack dumps of a stuck process (faulthandler, py-spy) and
 * plain text. Everything is line-based and every line is clipped, so no input makes this slow.
 */

export const LIMITS = {
  /** Longer input keeps its head and tail: the root cause is early, the final error late. */
  maxInputChars: 200_000,
  maxLineChars: 4_000,
  /** The text a pattern sees per segment; keeps lazy `[\s\S]*?` patterns cheap. */
  maxSegmentChars: 8_000,
  maxSegmentLines: 200,
  maxLogContinuation: 12,
  maxTextParagraphLines: 40,
} as const;

export type SegmentKind = 'exception' | 'log' | 'stack' | 'text';

export interface Segment {
  kind: SegmentKind;
  /** Clipped input lines of this segment (for an exception: the message, first line "Type: ..."). */
  lines: string[];
  /** Index of lines[0] in the clipped input. */
  firstLine: number;
  /** Exceptions: which chain (0-based, in print order). Others: -1. */
  chain: number;
  /** Exceptions: place in its chain; 0 was printed first, i.e. raised first. */
  position: number;
  /** Exceptions: the exception type as printed (`ValueError`, `...errors_impl.NotFoundError`). */
  exceptionType: string | null;
  /** Exceptions: the traceback frame and code lines printed above the message. */
  frames: string[];
  /** Exceptions: the traceback was cut off before its exception line (lines is empty). */
  cutOff?: boolean;
}

export interface Segmented {
  /** Clipped input lines, cleaned (see cleanLine) and dedented for reading. */
  lines: string[];
  /** The same lines as the user pasted them (clipped only): what matches report. */
  original: string[];
  segments: Segment[];
  /** True when the input was cut to LIMITS.maxInputChars. */
  clipped: boolean;
  /** Indices of the lines that are traceback frames and code (not messages, logs or prose). */
  frameLines: Set<number>;
}

const TRACEBACK_START = /Traceback \(most recent call last\)/;
/** Jupyter/IPython print the exception type before the word Traceback: `OSError    Traceback (...)`. */
const NOTEBOOK_HEADER = /^([A-Za-z_][\w.]*)\s{2,}Traceback \(most recent call last\)/;
const CHAIN_MARKER =
  /^\s*(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
/**
 * faulthandler (`Timeout (0:00:30)!`, `Thread 0x... (most recent call first):`, `Current thread
 * ...`, `Stack ...`) and py-spy (`Thread 123 (idle): "MainThread"`). A crash ("Fatal Python
 * error: ...") prints the same thread dump; only the timeout line and py-spy say "still running".
 */
const STACK_HEADER =
  /^(?:Timeout \(\d+:\d\d:\d\d\)!|(?:Current thread|Thread) (?:0x[0-9a-fA-F]+|\d+)\b.*(?:\(most recent call first\):|\((?:idle|active)[^)]*\))|Stack \(most recent call first\):)/;
/** Log records: Python logging, absl/glog (`W0000 00:00:...`), timestamped TF C++ logs, warnings.warn. */
const LOG_START =
  /^(?:(?:WARNING|INFO|ERROR|DEBUG|CRITICAL|FATAL)(?::[\w.]+)?:|[IWEF]\d{4} \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d|\S+\.py:\d+: \w*Warning: |\w*Warning: )/;
/** A strict exception line, recognised anywhere: `pkg.mod.SomeError: msg` or a bare `SomeError`. */
const EXCEPTION_LINE = /^((?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt))(?: \(see above for traceback\))?(?::(?: |$)|$)/;
/** After frames, Python prints `qualified.Name: message` whatever the type is called. */
const LOOSE_EXCEPTION_LINE = /^([A-Za-z_][\w.]*)(?: \(see above for traceback\))?(?::(?: |$)|$)/;
const SHELL_PROMPT = /^(?:\$|>>>|In \[\d+\]:) /;

type State = 'free' | 'frames' | 'message' | 'stack';

/** Clip the input and split it into lines (any newline convention). */
export function clipLines(text: string): { lines: string[]; original: string[]; clipped: boolean } {
  let t = text;
  let clipped = false;
  if (t.length > LIMITS.maxInputChars) {
    const half = LIMITS.maxInputChars / 2;
    t = `${t.slice(0, half)}\n${t.slice(t.length - half)}`;
    clipped = true;
  }
  const lines = t.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].length > LIMITS.maxLineChars) lines[i] = lines[i].slice(0, LIMITS.maxLineChars);
  }
  return { lines: dedent(lines.map(cleanLine)), original: lines, clipped };
}

/** Terminal colours (ESC sequences, and their remains when the ESC byte was lost in pasting). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\[(?:\d{1,3};)*\d{1,3}m/g;
/** `> ` quoting (issues, e-mail, pytest's source lines), but not a Python prompt `>>> `. */
const QUOTE = /^[ \t]*(?:>(?!>>)[ \t]?)+/;
/** pytest's failure lines: `E       ValueError: ...` (glog's `E tensorflow/...` has one space). */
const PYTEST_E = /^E {3,}/;
/** MPI/horovodrun rank prefixes: `[1,15]<stderr>:`. */
const RANK_PREFIX = /^\[\d+,\d+\]<std(?:err|out)>:/;

/**
 * One pasted line as it reads: terminal colours, quoting, pytest and MPI prefixes, Markdown
 * emphasis and code marks, and HTML `<pre>` tags removed. Columns change; line numbers do not
 * (what triage reports points at the line as pasted).
 */
export function cleanLine(raw: string): string {
  if (raw.length === 0) return raw;
  let l = raw;
  if (l.includes('\x1b') || (l.includes('[') && l.includes('m'))) l = l.replace(ANSI, '');
  if (l.charCodeAt(0) === 91 /* [ */) l = l.replace(RANK_PREFIX, '');
  let k = 0;
  while (k < l.length && (l.charCodeAt(k) === 32 || l.charCodeAt(k) === 9)) k++;
  const first = l.charCodeAt(k);
  if (first === 62 /* > */ && QUOTE.test(l)) l = l.replace(QUOTE, '');
  if (first === 69 /* E */ && PYTEST_E.test(l)) l = l.replace(PYTEST_E, '');
  if (l.includes('<')) l = l.replace(/<\/?(?:pre|code|br|b|strong|em)\s*\/?>/gi, '');
  if (l.includes('**')) l = l.replace(/\*\*/g, '');
  if (l.includes('`')) {
    if (/^\s*```/.test(l)) return '';
    l = l.replace(/^(\s*)`+(?=\S)/, '$1').replace(/(\S)`+\s*$/, '$1');
  }
  // `_ValueError: ..._`: Markdown italics around a whole message.
  if (l.includes('_') && /^\s*_[A-Za-z]/.test(l) && /[^_\s]_\s*$/.test(l)) l = l.replace(/^(\s*)_/, '$1').replace(/_(\s*)$/, '$1');
  return l;
}

/**
 * Pasted from a code block or a log viewer, every line may carry the same indent; Python puts
 * "Traceback" and the exception line in column 0, and the reading below depends on that.
 */
function dedent(lines: string[]): string[] {
  let indent = Infinity;
  for (const l of lines) {
    if (l.trim() === '') continue;
    const n = /^[ \t]*/.exec(l)![0].length;
    if (n < indent) indent = n;
    if (indent === 0) return lines;
  }
  if (!Number.isFinite(indent)) return lines;
  return lines.map((l) => l.slice(Math.min(indent, /^[ \t]*/.exec(l)![0].length)));
}

export function segment(text: string): Segmented {
  const { lines, original, clipped } = clipLines(text);
  const segments: Segment[] = [];
  let state = 'free' as State; // widened: closures below change it
  let current: Segment | null = null;
  let frames: string[] = [];
  let chain = -1;
  let position = 0;
  let chained = false; // a chain marker was seen since the last exception
  let blankBefore = false;
  let headerType: string | null = null; // the type a notebook printed above the frames
  const frameLines = new Set<number>();
  let framesAt = -1; // line of the Traceback header whose frames are being read

  const close = (): void => {
    if (current) segments.push(current);
    current = null;
  };
  const open = (kind: SegmentKind, i: number, extra?: Partial<Segment>): Segment => {
    close();
    current = { kind, lines: [lines[i]], firstLine: i, chain: -1, position: 0, exceptionType: null, frames: [], ...extra };
    return current;
  };
  const openException = (i: number, type: string): void => {
    if (chained) position++;
    else {
      chain++;
      position = 0;
    }
    chained = false;
    open('exception', i, { chain, position, exceptionType: type, frames });
    frames = [];
    framesAt = -1;
    state = 'message';
  };
  /**
   * A traceback whose exception line never came (the paste was cut, or a log line followed):
   * keep its frames as an exception with no message, so the loader calls and library paths in
   * them still count.
   */
  const flushCutOff = (): void => {
    if (state !== 'frames' || framesAt < 0 || frames.length === 0) return;
    close();
    if (chained) position++;
    else {
      chain++;
      position = 0;
    }
    chained = false;
    segments.push({
      kind: 'exception',
      lines: [],
      firstLine: framesAt,
      chain,
      position,
      exceptionType: headerType,
      frames,
      cutOff: true,
    });
    frames = [];
    framesAt = -1;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const blank = line.trim() === '';
    const wasBlankBefore = blankBefore;
    blankBefore = blank;

    if (CHAIN_MARKER.test(line)) {
      flushCutOff();
      close();
      chained = true;
      state = 'free';
      continue;
    }
    if (TRACEBACK_START.test(line)) {
      flushCutOff();
      close();
      frames = [];
      headerType = NOTEBOOK_HEADER.exec(line)?.[1] ?? null;
      framesAt = i;
      state = 'frames';
      continue;
    }
    if (STACK_HEADER.test(line)) {
      if (state === 'stack' && current) (current as Segment).lines.push(line);
      else open('stack', i);
      state = 'stack';
      continue;
    }
    if (LOG_START.test(line) && !(state === 'frames' && /^\s/.test(line))) {
      flushCutOff();
      open('log', i);
      state = 'free';
      continue;
    }

    switch (state) {
      case 'frames': {
        if (blank || /^\s/.test(line)) {
          if (!blank && frames.length < LIMITS.maxSegmentLines) {
            frames.push(line);
            frameLines.add(i);
          }
          continue;
        }
        const loose = LOOSE_EXCEPTION_LINE.exec(line) ?? EXCEPTION_LINE.exec(line);
        if (loose) openException(i, loose[1]);
        else if (frames.length < LIMITS.maxSegmentLines) {
          frames.push(line); // notebook frames: "Cell In[3], line 1", "----> 1 ..."
          frameLines.add(i);
        }
        continue;
      }
      case 'message': {
        const seg = current as Segment | null;
        if (!seg) break;
        const strict = EXCEPTION_LINE.exec(line);
        if ((strict && wasBlankBefore) || SHELL_PROMPT.test(line)) break; // a new, unchained error or the next command
        if (seg.lines.length < LIMITS.maxSegmentLines) {
          seg.lines.push(line);
          continue;
        }
        break;
      }
      case 'stack': {
        const seg = current as Segment | null;
        if (seg && (blank || /^\s/.test(line)) && seg.lines.length < LIMITS.maxSegmentLines) {
          seg.lines.push(line);
          continue;
        }
        break;
      }
      case 'free': {
        const seg = current as Segment | null;
        if (seg && seg.kind === 'log' && !blank && /^\s/.test(line) && seg.lines.length <= LIMITS.maxLogContinuation) {
          seg.lines.push(line);
          continue;
        }
        if (
          seg &&
          seg.kind === 'log' &&
          !blank &&
          !EXCEPTION_LINE.test(line) &&
          !SHELL_PROMPT.test(line) &&
          seg.lines.length <= LIMITS.maxLogContinuation
        ) {
          // glog records continue on unindented lines ("If the cause is memory fragmentation ...").
          seg.lines.push(line);
          continue;
        }
        break;
      }
    }

    // Not a continuation of anything open: start a new piece.
    state = 'free';
    if (blank) {
      close();
      continue;
    }
    const strict = EXCEPTION_LINE.exec(line);
    if (strict) {
      frames = [];
      openException(i, strict[1]);
      continue;
    }
    const seg = current as Segment | null;
    if (seg && seg.kind === 'text' && seg.lines.length < LIMITS.maxTextParagraphLines && !SHELL_PROMPT.test(line)) {
      seg.lines.push(line);
    } else {
      open('text', i);
    }
  }
  flushCutOff();
  close();
  for (const s of segments) trimTrailingBlank(s);
  return { lines, original, segments, clipped, frameLines };
}

function trimTrailingBlank(s: Segment): void {
  while (s.lines.length > 1 && s.lines[s.lines.length - 1].trim() === '') s.lines.pop();
}

/** The text patterns run on: the segment's lines, joined and capped. */
export function segmentText(s: Segment): string {
  const joined = s.lines.join('\n');
  return joined.length > LIMITS.maxSegmentChars ? joined.slice(0, LIMITS.maxSegmentChars) : joined;
}
