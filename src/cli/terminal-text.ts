/**
 * Text for a terminal. File, layer and variable names come from untrusted files: a name holding
 * ESC could clear the screen or set the window title, U+202E could reverse what the reader sees.
 * Every line printed goes through `terminalSafe`, which shows such characters as escapes.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to neutralise
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
