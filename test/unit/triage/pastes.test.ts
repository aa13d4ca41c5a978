/**
 * What real pastes do to a message, as classes: terminal colours, `\r`, quoting, pytest and MPI
 * prefixes, Markdown, lines wrapped mid-word by a terminal or a forum, messages cut off at the
 * end, another capitalisation. Every catalog message, printed as TensorFlow/Keras print it, is
 * put through each and must still triage to its own failure.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG_MESSAGES, triage } from '../../../src/lib/triage/index.ts';
import { fillTemplate } from './fill-template.ts';

/** The message as a user sees it: prefixed with its exception type or log level. */
function asPrinted(exception: string, message: string): string {
  if (/^WARNING \(logging/.test(exception)) return `WARNING:tensorflow:${message}`;
  if (/^(?:INFO|WARNING|ERROR)\b|\blog\b/.test(exception)) return `W0000 00:00:1795300211.029552   20357 some_file.cc:412] ${message}`;
  const type = /^((?:[a-z_]\w*\.)*[A-Z][A-Za-z]*)\b/.exec(exception)?.[1];
  return type ? `${type}: ${message}` : message;
}

const printed = CATALOG_MESSAGES.map((m) => ({
  id: m.id,
  failure: m.failure,
  text: asPrinted(m.exception, fillTemplate(m.id, m.template)),
}));

/** Hard-wrap at `width` columns, in the middle of words, the way a terminal copy does. */
function hardWrap(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((l) => {
      const out: string[] = [];
      for (let i = 0; i < l.length; i += width) out.push(l.slice(i, i + width));
      return out.length ? out : [''];
    })
    .join('\n');
}

function rate(cases: { id: string; failure: string; text: string }[], k = 1): { rate: number; misses: string[] } {
  const misses: string[] = [];
  for (const c of cases) {
    const top = triage(c.text)
      .matches.slice(0, k)
      .map((m) => m.failure);
    if (!top.includes(c.failure as never)) misses.push(`${c.id}: got ${top.join(', ') || 'nothing'}`);
  }
  return { rate: (cases.length - misses.length) / cases.length, misses };
}

describe('pasted text is read like the original', () => {
  it('strips terminal colours, CRLF and lone CR, > quoting, pytest E lines, MPI rank prefixes, Markdown and <pre>', () => {
    const message = "Op type not registered 'DisableCopyOnRead' in binary running on host. Make sure the Op and Kernel are registered.";
    const variants = [
      `\x1b[1;31mRuntimeError\x1b[0m: ${message}`,
      `Traceback (most recent call last):\r\n  File "a.py", line 1, in <module>\r\nRuntimeError: ${message}\r\n`,
      `Traceback (most recent call last):\r  File "a.py", line 1, in <module>\rRuntimeError: ${message}`,
      `> Traceback (most recent call last):\n>   File "a.py", line 1, in <module>\n> RuntimeError: ${message}`,
      `some prose\n>RuntimeError: ${message}\nmore prose`,
      `E       RuntimeError: ${message}`,
      `[1,3]<stderr>:RuntimeError: ${message}`,
      `**RuntimeError: ${message}**`,
      `\`RuntimeError: ${message}\``,
      `<pre>RuntimeError: ${message}</pre>`,
      `RuntimeError: ${message.toUpperCase()}`,
      `runtimeerror: ${message.toLowerCase()}`,
    ];
    for (const v of variants) {
      const top = triage(v).matches[0];
      expect(top?.failure, JSON.stringify(v.slice(0, 60))).toBe('version-mismatch');
      expect(v.split(/\r\n|\r|\n/)).toContain(top.line);
    }
  });

  it('reads every catalog message wrapped mid-word at 60 and at 37 columns', () => {
    for (const width of [60, 37]) {
      const { rate: r, misses } = rate(printed.map((p) => ({ ...p, text: hardWrap(p.text, width) })));
      console.log(`hard-wrapped at ${width} columns -> own failure as top-1: ${(r * 100).toFixed(1)}%`);
      if (misses.length) console.log(`misses:\n  ${misses.join('\n  ')}`);
      expect(r).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('reads every catalog message cut off after 70% of its text (top-3)', () => {
    const cut = printed.map((p) => ({ ...p, text: p.text.slice(0, Math.max(30, Math.floor(p.text.length * 0.7))) }));
    const { rate: r, misses } = rate(cut, 3);
    console.log(`cut at 70% -> own failure in the top 3: ${(r * 100).toFixed(1)}%`);
    if (misses.length) console.log(`misses:\n  ${misses.join('\n  ')}`);
    // Short messages cut to 70% keep too few words to tell apart; 85% of all still land.
    expect(r).toBeGreaterThanOrEqual(0.85);
  });

  it('says a partial match is partial, and ranks it below the same message whole', () => {
    const whole =
      'ValueError: Unable to load weights saved in HDF5 format into a subclassed Model which has not created its variables yet. Call the Model first, then load the weights.';
    const wrapped = hardWrap(whole, 23);
    const a = triage(whole).matches[0];
    const b = triage(wrapped).matches[0];
    expect(b.failure).toBe(a.failure);
    expect(b.score).toBeLessThan(a.score);
    expect(b.why).toMatch(/wrapped, cut or re-typed/);
  });

  it('reads a message quoted inside a sentence and cut after its names', () => {
    const top = triage("I get the error `Op type not registered 'RegexSplitWithOffsets'`; here is the trace").matches[0];
    expect(top.failure).toBe('unregistered-custom-object');
    expect(top.extracted.op).toBe('RegexSplitWithOffsets');
  });

  it('keeps the frames of a traceback cut before its exception line', () => {
    const text = [
      'Traceback (most recent call last):',
      '  File "app.py", line 19, in <module>',
      "    model = load_model('signature_verification_model.h5')",
      '  File "/usr/lib/python3/site-packages/h5py/_hl/files.py", line 231, in make_fid',
      '    fid = h5f.open(name, flags, fapl=fapl)',
    ].join('\n');
    const { matches, answer } = triage(text);
    expect(matches.map((m) => m.failure).slice(0, 2)).toEqual(['corrupted-checkpoint', 'wrong-path-or-loader']);
    expect(answer.kind === 'failure' && answer.confident).toBe(false);
    expect(matches[0].lines[0].text).toMatch(/h5py|h5f\.open/);
  });
});
