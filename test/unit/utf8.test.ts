/**
 * utf8Decode gives exactly what TextDecoder gives (the platform's decoder is the evidence), with
 * short ASCII built in script (as the browser's worker asks) or not: every ASCII byte, every length up to past the cut-over, and non-ASCII text,
 * broken UTF-8 and its strict refusal still go through TextDecoder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildShortAsciiInScript, utf8Decode, utf8Encode } from '../../src/lib/utf8.ts';

const platform = new TextDecoder('utf-8');
const strictPlatform = new TextDecoder('utf-8', { fatal: true });

for (const inScript of [false, true])
  describe(`utf8Decode, short ASCII built ${inScript ? 'in script (the browser worker)' : 'by TextDecoder (Node)'}`, () => {
    beforeAll(() => buildShortAsciiInScript(inScript));
    afterAll(() => buildShortAsciiInScript(false));

    it('decodes every ASCII byte, including NUL and controls, at every length around the cut-over', () => {
      const all = Uint8Array.from({ length: 128 }, (_, i) => i);
      for (let length = 0; length <= 600; length += length < 300 ? 1 : 37) {
        const bytes = Uint8Array.from({ length }, (_, i) => all[(i * 7) % 128]!);
        expect(utf8Decode(bytes)).toBe(platform.decode(bytes));
        expect(utf8Decode(bytes, true)).toBe(strictPlatform.decode(bytes));
      }
    });

    it('decodes a view into a larger buffer by its own bytes only', () => {
      const whole = utf8Encode('model/vars/0/.ATTRIBUTES/VARIABLE_VALUE|tail');
      const view = whole.subarray(6, 12);
      expect(utf8Decode(view)).toBe('vars/0');
    });

    it('leaves non-ASCII and broken UTF-8 to the platform, strict mode refusing as it does', () => {
      for (const text of ['größe', '变量/kernel', 'emoji_🙂', `${'a'.repeat(255)}é`]) {
        expect(utf8Decode(utf8Encode(text))).toBe(text);
        expect(utf8Decode(utf8Encode(text), true)).toBe(text);
      }
      const broken = Uint8Array.of(0x61, 0xff, 0x62);
      expect(utf8Decode(broken)).toBe(platform.decode(broken));
      expect(() => utf8Decode(broken, true)).toThrow();
    });
  });
