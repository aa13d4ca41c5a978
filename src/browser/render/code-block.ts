/**
 * Code made at run time (a fix snippet, the rename script) rendered like every code block the
 * site builds with Expressive Code: the same markup, so the same styling in both themes, lines
 * that wrap inside the block, and the same copy button (Expressive Code's script attaches it to
 * blocks added later too). Lines go in as text, never as HTML, and without inline styles (the
 * page's Content-Security-Policy allows only the style attributes it was built with).
 * The checker component ships a hidden block so the stylesheet and script are on every page
 * that can show one.
 */
import { el } from './dom.ts';

/** One line as Expressive Code marks it: its indent kept apart, so a wrapped line stays indented. */
function codeLine(line: string): HTMLElement {
  if (line === '') return el('div', { class: 'ec-line' }, el('div', { class: 'code' }, '\n'));
  const indent = /^[ \t]*/.exec(line)![0];
  const row = el(
    'div',
    { class: 'ec-line' },
    el('div', { class: 'code' }, indent ? el('span', { class: 'indent' }, indent) : null, line.slice(indent.length)),
  );
  // Through the CSSOM, which the Content-Security-Policy allows (a style attribute it would not).
  if (indent) row.style.setProperty('--ecIndent', `${indent.replace(/\t/g, '    ').length}ch`);
  return row;
}

export function codeBlock(code: string, options: { title?: string; language?: string } = {}): HTMLElement {
  const lines = code.replace(/\n+$/, '').split('\n');
  const pre = el('pre', { 'data-language': options.language ?? 'plaintext', class: 'wrap' }, el('code', {}, ...lines.map(codeLine)));
  const copy = el(
    'div',
    { class: 'copy' },
    el('div', { 'aria-live': 'polite' }),
    // Expressive Code stores newlines as U+007F in data-code and turns them back when copying.
    el('button', { type: 'button', title: 'Copy to clipboard', 'data-copied': 'Copied!', 'data-code': lines.join('\u007f') }, el('div')),
  );
  const figure = el(
    'figure',
    { class: options.title ? 'frame has-title not-content' : 'frame not-content' },
    el('figcaption', { class: 'header' }, options.title ? el('span', { class: 'title' }, options.title) : null),
    pre,
    copy,
  );
  return el('div', { class: 'expressive-code runtime-code' }, figure);
}
