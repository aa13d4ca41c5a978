/**
 * Turning catalog and frontmatter pattern strings into JavaScript RegExps, once.
 *
 * The catalog says its patterns use "Python/JavaScript syntax". All 120 in errors.json compile
 * as JavaScript today, but a pattern copied from Python later may use `(?P<name>...)`,
 * `(?P=name)`, `\A`, `\Z` or a leading `(?i)`; those are rewritten here rather than failing.
 */

export interface CompiledPattern {
  re: RegExp;
  /** Text every match must contain; lets triage skip the regex with a cheap `includes`. */
  literal: string | null;
}

/** Rewrite the Python-only constructs that have a JavaScript equivalent. */
export function pythonToJsSource(source: string): { source: string; flags: string } {
  let flags = '';
  let s = source;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(s);
  if (inline) {
    s = s.slice(inline[0].length);
    for (const f of inline[1]) if ((f === 'i' || f === 's') && !flags.includes(f)) flags += f;
  }
  s = s
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  return { source: s, flags };
}

/**
 * Compile with the multiline flag: a traceback is many lines, and `$` in a catalog pattern
 * means "end of the message line", not "end of the pasted text". Returns null if invalid.
 */
export function compilePattern(source: string): CompiledPattern | null {
  const js = pythonToJsSource(source);
  let re: RegExp;
  try {
    re = new RegExp(js.source, `${js.flags}m`);
  } catch {
    return null;
  }
  return { re, literal: js.flags.includes('i') ? null : leadingLiteral(js.source) };
}

const SIMPLE_ESCAPES = new Set([
  '.',
  '\\',
  '/',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '*',
  '+',
  '?',
  '|',
  '^',
  '$',
  "'",
  '"',
  '`',
  '-',
  ' ',
  ':',
  '#',
  '=',
  '!',
  '<',
  '>',
  ',',
  '@',
  '%',
  '&',
  '~',
  ';',
]);

/**
 * The literal text a pattern starts with (at least 6 characters), or null when it starts with
 * a group/class or has a top-level alternation. A quantified last character is dropped.
 */
export function leadingLiteral(source: string): string | null {
  if (hasTopLevelAlternation(source)) return null;
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    let lit: string | null = null;
    let width = 1;
    if (c === '\\') {
      const n = source[i + 1];
      if (n !== undefined && SIMPLE_ESCAPES.has(n)) {
        lit = n;
        width = 2;
      }
    } else if (!'^$.*+?()[]{}|'.includes(c)) {
      lit = c;
    }
    if (lit === null) break;
    const next = source[i + width];
    if (next === '?' || next === '*' || next === '{') break; // optional: not required text
    if (next === '+') {
      out += lit;
      break;
    }
    out += lit;
    i += width - 1;
  }
  return out.length >= 6 ? out : null;
}

/**
 * The longest literal run (at least 6 characters) that every match must contain, found at the
 * top level of the pattern: `(\S+) does not appear to be a valid module` needs
 * " does not appear to be a valid module". Null when the pattern alternates at the top level.
 * Used as a cheap `includes` check before running patterns that do not start with text.
 */
export function requiredLiteral(source: string): string | null {
  if (hasTopLevelAlternation(source)) return null;
  let best = '';
  let run = '';
  let depth = 0;
  let inClass = false;
  const flush = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (inClass) {
      if (c === '\\') i++;
      else if (c === ']') inClass = false;
      continue;
    }
    let lit: string | null = null;
    let width = 1;
    if (c === '\\') {
      const n = source[i + 1];
      if (n !== undefined && SIMPLE_ESCAPES.has(n)) lit = n;
      width = 2;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
    } else if (!'^$.*+?{}|'.includes(c)) {
      lit = c;
    }
    const next = source[i + width];
    const optional = next === '?' || next === '*' || next === '{';
    if (lit === null || depth > 0 || optional) {
      flush();
    } else {
      run += lit;
    }
    i += width - 1;
  }
  flush();
  return best.length >= 6 ? best : null;
}

function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * Flags the classic exponential shape: a quantified group whose whole body is one quantified
 * atom, like `(a+)+`, `(?:\w*)*` or `([^x]+){2,}`. A JavaScript regex cannot be interrupted,
 * so such a pattern from outside the catalog is refused rather than risked. Patterns whose
 * repeated group starts with required text, like `(?: \S+)*`, are not flagged.
 */
export function looksCatastrophic(source: string): boolean {
  return /\((?:\?:|\?<\w+>|\?P<\w+>)?(?:\\[a-zA-Z]|\.|\[(?:\\.|[^\]\\])*\]|\w)[+*]\??\)(?:[+*]|\{\d+,)/.test(source);
}
