/**
 * The compiled catalog: every message compiles, group names line up with capture groups, the
 * cheap literal prefilter never hides a match, and Python-only regex syntax is converted.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG_MESSAGES, OTHER_MESSAGES } from '../../../src/lib/triage/index.ts';
import { GROUP_NAMES } from '../../../src/lib/triage/group-names.ts';
import { catalogMatchers } from '../../../src/lib/triage/patterns.ts';
import { compilePattern, leadingLiteral, looksCatastrophic, pythonToJsSource } from '../../../src/lib/triage/regex-source.ts';
import { fillTemplate } from './fill-template.ts';

/** Capture groups in a pattern, counted by JavaScript itself. */
function groupCount(source: string): number {
  return new RegExp(`${source}|`).exec('')!.length - 1;
}

describe('compiled catalog', () => {
  it('compiles every catalog message and every known message outside the catalog', () => {
    const ids = catalogMatchers().flatMap((m) => (m.messageId ? [m.messageId] : []));
    expect(ids).toEqual([...CATALOG_MESSAGES, ...OTHER_MESSAGES].map((m) => m.id));
  });

  it('names every capture group of every catalog regex, and nothing else', () => {
    const all = [...CATALOG_MESSAGES, ...OTHER_MESSAGES];
    for (const m of all) expect(GROUP_NAMES[m.id]?.length ?? 0, m.id).toBe(groupCount(m.regex));
    const ids = new Set(all.map((m) => m.id));
    for (const id of Object.keys(GROUP_NAMES)) expect(ids.has(id), id).toBe(true);
  });

  it('keeps message ids unique across both files, and other-errors.json outside the twelve failures', () => {
    const ids = [...CATALOG_MESSAGES, ...OTHER_MESSAGES].map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of OTHER_MESSAGES) {
      expect(m.failure, m.id).toBe('none');
      expect(m.cause.length, m.id).toBeGreaterThan(10);
    }
  });

  it('uses a prefilter literal that every real match starts with', () => {
    const texts = CATALOG_MESSAGES.map((m) => fillTemplate(m.id, m.template));
    let checked = 0;
    for (const matcher of catalogMatchers()) {
      if (matcher.literal === null) continue;
      for (const t of texts) {
        matcher.re.lastIndex = 0;
        const found = matcher.re.exec(t);
        if (!found) continue;
        // Patterns match case-insensitively; the literal is compared with lower-cased text.
        expect(found[0].toLowerCase().startsWith(matcher.literal), matcher.label).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(100);
  });

  it('has a prefilter for most messages', () => {
    expect(catalogMatchers().filter((m) => m.literal !== null).length).toBeGreaterThanOrEqual(100);
  });
});

describe('regex sources', () => {
  it('converts Python named groups, backreferences, anchors and inline flags', () => {
    const named = compilePattern("Could not locate class '(?P<class_name>[^']+)'\\Z")!;
    expect(named.re.exec("TypeError: Could not locate class 'ScaleLayer'")!.groups!.class_name).toBe('ScaleLayer');
    expect(compilePattern('(?P<w>ab)(?P=w)')!.re.test('xabab')).toBe(true);
    expect(compilePattern('(?i)op type not registered')!.re.test('Op type not registered')).toBe(true);
    expect(pythonToJsSource('\\Afoo').source).toBe('^foo');
  });

  it('flags nested quantifiers that backtrack exponentially, but none of the catalog patterns', () => {
    for (const bad of ['(a+)+$', '(?:\\w*)*x', '([^x]+){2,}y', '(?P<n>\\s+)+']) expect(looksCatastrophic(bad), bad).toBe(true);
    for (const ok of ['(?: \\S+)*', 'Key (\\S+) not found', '(\\d+)\\.(\\d+)']) expect(looksCatastrophic(ok), ok).toBe(false);
    for (const m of CATALOG_MESSAGES) expect(looksCatastrophic(m.regex), m.id).toBe(false);
  });

  it('returns null for a pattern JavaScript cannot compile', () => {
    expect(compilePattern('([unclosed')).toBeNull();
  });

  it('takes only required leading text as the literal', () => {
    expect(leadingLiteral("Op type not registered '([^']+)'")).toBe("Op type not registered '");
    expect(leadingLiteral('Unable to (?:synchronously )?open file')).toBe('Unable to ');
    expect(leadingLiteral('Shapes? are')).toBeNull(); // "Shape" is shorter than 6 once the optional "s" goes
    expect(leadingLiteral('abcdefg|xyz')).toBeNull(); // top-level alternation
    expect(leadingLiteral("\\(?'?Keyword")).toBeNull();
    expect(leadingLiteral('Read less bytes than requested')).toBe('Read less bytes than requested');
  });
});
