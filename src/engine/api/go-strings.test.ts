import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { goJSONString, goQuote, isGoPrint, utf8ByteLength } from './go-strings.ts';

// Expectations are what Go prints (strconv.Quote, json.Marshal, len) for the same string.
describe('goQuote (strconv.Quote)', () => {
  it.each([
    ['', '""'],
    ['web', '"web"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ["it's `x`", '"it\'s `x`"'],
    ['\x00\x01\x07\b\f\n\r\t\v\x1b\x1f\x7f', '"\\x00\\x01\\a\\b\\f\\n\\r\\t\\v\\x1b\\x1f\\x7f"'],
    ['\u00a0\u00ad\u0085', '"\\u00a0\\u00ad\\u0085"'],
    ['é日本語', '"é日本語"'],
    ['\u200b\u2028\ufeff', '"\\u200b\\u2028\\ufeff"'],
    ['😀', '"😀"'],
    ['\u{e0001}\u{f0000}\u{10ffff}\ue000\u0378', '"\\U000e0001\\U000f0000\\U0010ffff\\ue000\\u0378"'],
    ['\ufffd', '"\ufffd"'],
  ])('%j prints %s', (s, want) => {
    expect(goQuote(s)).toBe(want);
  });

  it('takes a lone surrogate as U+FFFD, the UTF-8 the string would reach Go as', () => {
    expect(goQuote('a\ud800b\udc00')).toBe('"a\ufffdb\ufffd"');
    expect(goQuote('\udbff')).toBe('"\ufffd"');
  });

  it('follows Unicode 15.0.0 as Go 1.24 does, not the JavaScript engine', () => {
    // U+1F6DC WIRELESS came with 15.0; U+2FFC (15.1) and U+1FA89 (16.0) are unassigned for Go 1.24.
    expect(goQuote('\u{1f6dc}')).toBe('"\u{1f6dc}"');
    expect(goQuote('\u2ffc\u{1fa89}')).toBe('"\\u2ffc\\U0001fa89"');
  });

  it('quotes to a string that reads back to the input (JSON reads the same escapes but \\a \\v \\x \\U)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      const jsonish = goQuote(s)
        .replace(/\\x([0-9a-f]{2})/g, '\\u00$1')
        .replace(/\\a/g, '\\u0007')
        .replace(/\\v/g, '\\u000b')
        .replace(/\\U([0-9a-f]{8})/g, (_, h: string) => JSON.stringify(String.fromCodePoint(parseInt(h, 16))).slice(1, -1));
      expect(JSON.parse(jsonish)).toBe(s);
    }));
  });
});

describe('isGoPrint', () => {
  it('is unicode.IsPrint at the edges of Latin-1 and beyond', () => {
    expect([0x1f, 0x20, 0x7e, 0x7f, 0xa0, 0xa1, 0xac, 0xad, 0xae, 0xff].map(isGoPrint))
      .toEqual([false, true, true, false, false, true, true, false, true, true]);
    expect([0x100, 0x377, 0x378, 0x3000, 0x4e00, 0xe000, 0xfffd, 0xfffe, 0x1f600, 0x2ebe0, 0x10ffff].map(isGoPrint))
      .toEqual([true, true, false, false, true, false, true, false, true, true, false]);
  });

  it('never calls printable what the engine sees as a control, separator, format, private or unassigned character', () => {
    // The JavaScript engine's Unicode is newer than Go 1.24's 15.0.0: it can only have more printables.
    const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
    for (let r = 0x100; r <= 0x10ffff; r++) {
      if (r >= 0xd800 && r <= 0xdfff) continue;
      if (isGoPrint(r) && !printable.test(String.fromCodePoint(r))) throw new Error(`U+${r.toString(16)}`);
    }
  });
});

describe('goJSONString (json.Marshal of a string)', () => {
  it.each([
    ['web', '"web"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\x00\x01\x07\b\f\n\r\t\v\x1b\x1f\x7f', '"\\u0000\\u0001\\u0007\\b\\f\\n\\r\\t\\u000b\\u001b\\u001f\x7f"'],
    ["<a href='x'>&\u2028\u2029", '"\\u003ca href=\'x\'\\u003e\\u0026\\u2028\\u2029"'],
    ['\u00a0\u200b\ufeff😀', '"\u00a0\u200b\ufeff😀"'],
    ['\ud800', '"\ufffd"'],
  ])('%j encodes as %s', (s, want) => {
    expect(goJSONString(s)).toBe(want);
  });
});

describe('utf8ByteLength (Go len)', () => {
  it.each([
    ['', 0], ['web', 3], ['é日本語', 11], ['😀', 4], ['\u{10ffff}', 4], ['\ud800', 3], ['\udc00\ud800x', 7],
  ])('%j is %i bytes', (s, n) => {
    expect(utf8ByteLength(s)).toBe(n);
  });

  it('agrees with TextEncoder, which writes a lone surrogate as U+FFFD', () => {
    const enc = new TextEncoder();
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(utf8ByteLength(s)).toBe(enc.encode(s).length);
    }));
  });
});
