import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { toYaml, yamlKeyLess } from './yaml.ts';

// Every expectation below is derived from go-yaml v2 (v2.4.0, forked by sigs.k8s.io/yaml as
// goyaml.v2); the comment on each case names the code path that decides it.
const value = (v: string) => toYaml({ k: v });

describe('toYaml string styles (encode.go stringv + emitterc.go select_scalar_style)', () => {
  it('double-quotes what resolve.go reads as another type', () => {
    // resolveMap: bools of YAML 1.1 in three casings, null words
    expect(value('True')).toBe('k: "True"\n');
    expect(value('yes')).toBe('k: "yes"\n');
    expect(value('on')).toBe('k: "on"\n');
    expect(value('y')).toBe('k: "y"\n');
    expect(value('~')).toBe('k: "~"\n');
    expect(value('null')).toBe('k: "null"\n');
    // "" resolves to null
    expect(value('')).toBe('k: ""\n');
    // hint 'D'/'S': ParseInt(base 0) on the string without '_', then yamlStyleFloat + ParseFloat
    expect(value('1')).toBe('k: "1"\n');
    expect(value('0.5')).toBe('k: "0.5"\n');
    expect(value('1e3')).toBe('k: "1e3"\n');
    expect(value('0x1F')).toBe('k: "0x1F"\n');
    expect(value('1_000')).toBe('k: "1_000"\n');
    expect(value('0755')).toBe('k: "0755"\n');
    expect(value('-1')).toBe('k: "-1"\n');
    // "08" is no octal int, but yamlStyleFloat matches and ParseFloat reads 8
    expect(value('08')).toBe('k: "08"\n');
    // hint '.': ParseFloat, which takes '_' between digits (strconv underscoreOK)
    expect(value('.5')).toBe('k: ".5"\n');
    expect(value('.5_5')).toBe('k: ".5_5"\n');
    // isBase60Float: "3:04" is sexagesimal for YAML 1.1 readers
    expect(value('3:04')).toBe('k: "3:04"\n');
  });

  it('leaves plain what resolve.go keeps a string', () => {
    // ParseFloat overflows: an error, so !!str
    expect(value('1e400')).toBe('k: 1e400\n');
    // hex that overflows int64 and uint64, and yamlStyleFloat does not match hex
    expect(value('0xFFFFFFFFFFFFFFFFFF')).toBe('k: 0xFFFFFFFFFFFFFFFFFF\n');
    // "0o8": not octal, not a float
    expect(value('0o8')).toBe('k: 0o8\n');
    // ".5_" ends with '_': underscoreOK fails
    expect(value('.5_')).toBe('k: .5_\n');
    // '<' has no resolve hint, so "<<" is never the merge key on the way out
    expect(value('<<')).toBe('k: <<\n');
    // ":6" is no base-60 digit pair ([0-5]?[0-9] then '0' is left over)
    expect(value('80:80')).toBe('k: 80:80\n');
    expect(value('10:60')).toBe('k: 10:60\n');
  });

  it('quotes timestamps exactly when time.Parse takes one of parseTimestamp\'s layouts', () => {
    expect(value('2025-06-02T14:00:01Z')).toBe('k: "2025-06-02T14:00:01Z"\n');
    expect(value('2024-01-15 10:00:00')).toBe('k: "2024-01-15 10:00:00"\n');
    expect(value('2024-1-5')).toBe('k: "2024-1-5"\n');
    expect(value('2024-02-29')).toBe('k: "2024-02-29"\n');
    // time.Parse range checks fail: month 13, Feb 29 of a common year
    expect(value('2024-13-01')).toBe('k: 2024-13-01\n');
    expect(value('2023-02-29')).toBe('k: 2023-02-29\n');
    // the 'T' layouts require a zone ("Z07:00"); the space layout has none, so " -5" is extra text
    expect(value('2024-01-15T10:00:00')).toBe('k: 2024-01-15T10:00:00\n');
    expect(value('2001-12-14 21:59:43.10 -5')).toBe('k: 2001-12-14 21:59:43.10 -5\n');
  });

  it('single-quotes indicators (analyze_scalar block_indicators)', () => {
    // first character one of # , [ ] { } & * ! | > ' " % @ `
    for (const s of ['#x', '*', '&a', '!x', '%x', '@x', '`x', '{x}', '[x]', '|x', '>x']) expect(value(s)).toBe(`k: '${s}'\n`);
    // '-', '?', ':' first and followed by a blank or the end
    expect(value('-')).toBe("k: '-'\n");
    expect(value(':')).toBe("k: ':'\n");
    expect(value('- x')).toBe("k: '- x'\n");
    expect(value('? x')).toBe("k: '? x'\n");
    // ": " inside, " #" inside, and the document markers
    expect(value('a: b')).toBe("k: 'a: b'\n");
    expect(value('x #y')).toBe("k: 'x #y'\n");
    expect(value('---x')).toBe("k: '---x'\n");
    expect(value('...')).toBe("k: '...'\n");
    // leading or trailing space
    expect(value(' a')).toBe("k: ' a'\n");
    expect(value('a ')).toBe("k: 'a '\n");
    // a quote is doubled
    expect(value("'x'")).toBe("k: '''x'''\n");
  });

  it('leaves plain what is an indicator only in flow context or mid-word', () => {
    expect(value('x,')).toBe('k: x,\n');
    expect(value('a:b')).toBe('k: a:b\n');
    expect(value('?x')).toBe('k: ?x\n');
    expect(value('a#b')).toBe('k: a#b\n');
    expect(value("it's")).toBe("k: it's\n");
    expect(value('say "hi"')).toBe('k: say "hi"\n');
    expect(value('http://x:80/a?b=c')).toBe('k: http://x:80/a?b=c\n');
  });

  it('double-quotes and escapes what is_printable rejects (write_double_quoted_scalar)', () => {
    // tab: not printable, so special_characters
    expect(value('a\tb')).toBe('k: "a\\tb"\n');
    // NEL (C2 85) is not printable either, and has its own escape
    expect(value('\u0085x')).toBe('k: "\\Nx"\n');
    // is_printable accepts no 4-byte UTF-8 sequence: emoji are escaped as \U
    expect(value('😀')).toBe('k: "\\U0001F600"\n');
    // DEL and C1 controls: \x escapes with upper-case hex
    expect(value('a\x7fb\x9b')).toBe('k: "a\\x7Fb\\x9B"\n');
    // is_bom(value, i) tests the value's first bytes, so a leading BOM escapes every character
    expect(value('\ufeffab')).toBe('k: "\\uFEFF\\x61\\x62"\n');
  });

  it('writes printable non-ASCII characters as they are (emitter.unicode is set)', () => {
    expect(value('héllo wörld')).toBe('k: héllo wörld\n');
    // NBSP is printable and no space: plain, unescaped
    expect(value('nb\u00a0sp')).toBe('k: nb\u00a0sp\n');
    // ...and unescaped inside a double-quoted string too (the \_ escape needs a leading BOM)
    expect(value('nb\u00a0sp\t')).toBe('k: "nb\u00a0sp\\t"\n');
  });
});

describe('toYaml multi-line strings (stringv picks literal; analyze_scalar may veto it)', () => {
  it('picks the chomping and indentation hints of write_block_scalar_hints', () => {
    expect(value('a\nb')).toBe('k: |-\n  a\n  b\n');
    expect(value('a\nb\n')).toBe('k: |\n  a\n  b\n');
    expect(value('a\nb\n\n')).toBe('k: |+\n  a\n  b\n\n');
    expect(value('\n')).toBe('k: |2+\n\n');
    expect(value(' a\nb')).toBe('k: |2-\n   a\n  b\n');
    // a line that starts with spaces is fine (break_space only rules out plain and single)
    expect(value('a\n b')).toBe('k: |-\n  a\n   b\n');
    // empty lines carry no indentation (write_break, then write_indent only before text)
    expect(value('a\n\nb\n')).toBe('k: |\n  a\n\n  b\n');
  });

  it('falls back to double quotes with escapes', () => {
    // space before a break: space_break
    expect(value('a \nb')).toBe('k: "a \\nb"\n');
    // trailing space: block_allowed is false
    expect(value('a\nb ')).toBe('k: "a\\nb "\n');
    // a tab anywhere: special_characters
    expect(value('a\tb\nc\n')).toBe('k: "a\\tb\\nc\\n"\n');
    // CR is not printable
    expect(value('a\r\nb')).toBe('k: "a\\r\\nb"\n');
  });

  it('indents a literal under a sequence item and a nested key by the scalar\'s indent', () => {
    expect(toYaml({ a: { b: ['x\ny\n'] } })).toBe('a:\n  b:\n  - |\n    x\n    y\n');
    // the key after a literal that ends its own line starts right away
    expect(toYaml({ a: 'x\n', b: 'y' })).toBe('a: |\n  x\nb: "y"\n');
  });
});

describe('toYaml line folding at best_width 80', () => {
  const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((from + i) % 26)).repeat(9));

  it('folds a plain scalar at the first space past column 80 (write_plain_scalar)', () => {
    // "k: " is 3 columns; word n ends at column 10n+2, so the space after word 8 (column 82) breaks;
    // continuation lines start at the scalar's indent 2 and word m ends at 10m+1: 8 words again.
    const w = words(20);
    expect(value(w.join(' '))).toBe(`k: ${w.slice(0, 8).join(' ')}\n  ${w.slice(8, 16).join(' ')}\n  ${w.slice(16).join(' ')}\n`);
  });

  it('folds a single-quoted scalar, as a pod condition message is (write_single_quoted_scalar)', () => {
    // "k: 'a: " is 7 columns; word n ends at 10n+6: the space after word 8 (column 86) breaks.
    const w = words(20);
    expect(value('a: ' + w.join(' '))).toBe(`k: 'a: ${w.slice(0, 8).join(' ')}\n  ${w.slice(8, 16).join(' ')}\n  ${w.slice(16).join(' ')}'\n`);
  });

  it('folds at the value\'s own indent when nested in a sequence item', () => {
    // "    message: ': " is 16 columns; word n ends at 10n+15, so word 7 (column 85) is the last on
    // the line; continuation at indent 6: word m ends at 10m+5, so 8 words per line.
    const w = words(17);
    const obj = { status: { conditions: [{ message: ': ' + w.join(' '), type: 'PodScheduled' }] } };
    expect(toYaml(obj)).toBe(
      `status:\n  conditions:\n  - message: ': ${w.slice(0, 7).join(' ')}\n      ${w.slice(7, 15).join(' ')}\n      ${w.slice(15).join(' ')}'\n    type: PodScheduled\n`,
    );
  });

  it('folds a double-quoted scalar and escapes a space that would start the next line', () => {
    // `k: "\t` is 6 columns; word n ends at 10n+5, so the first space after word 8 (85) breaks;
    // the next character is a space too, so the line starts with "\" (write_double_quoted_scalar).
    // Then word 9 ends at column 13 and word 9+m at 13+10m: 7 more words (83) before the next break.
    const w = words(20);
    const s = '\t' + w.slice(0, 8).join(' ') + '  ' + w.slice(8).join(' ');
    expect(value(s)).toBe(`k: "\\t${w.slice(0, 8).join(' ')}\n  \\ ${w.slice(8, 16).join(' ')}\n  ${w.slice(16).join(' ')}"\n`);
  });

  it('never folds a long run without spaces, nor a key', () => {
    const long = 'x'.repeat(200);
    expect(value(long)).toBe(`k: ${long}\n`);
    // 100 bytes: still a simple key, and a simple key is written with allow_breaks false
    const key = Array.from({ length: 12 }, () => 'word').join(' ') + ' ' + 'w'.repeat(40);
    expect(toYaml({ [key]: 'v' })).toBe(`${key}: v\n`);
  });
});

describe('toYaml keys', () => {
  it('quotes keys like values (resolve) and keeps short keys simple', () => {
    expect(toYaml({ n: 1, y: 2, '80': 3, 'a b': 4, '': 5 })).toBe('"": 5\n"80": 3\na b: 4\n"n": 1\n"y": 2\n');
  });

  it('writes a key over 128 bytes as `? key` / `: value` (check_simple_key)', () => {
    const k = 'a'.repeat(129);
    // the value's ':' is written after write_indent; a block value stays on that line because
    // the indicator leaves the emitter in indention
    expect(toYaml({ [k]: 'v' })).toBe(`? ${k}\n: v\n`);
    expect(toYaml({ [k]: {} })).toBe(`? ${k}\n: {}\n`);
    expect(toYaml({ [k]: { b: 1, c: [1, 2] } })).toBe(`? ${k}\n: b: 1\n  c:\n  - 1\n  - 2\n`);
    expect(toYaml({ [k]: ['x', 'y'] })).toBe(`? ${k}\n: - x\n  - "y"\n`);
    expect(toYaml({ m: { [k]: 'v' } })).toBe(`m:\n  ? ${k}\n  : v\n`);
    // 128 bytes is still simple; bytes, not characters, are counted
    expect(toYaml({ ['b'.repeat(128)]: 'v' })).toBe(`${'b'.repeat(128)}: v\n`);
    expect(toYaml({ ['é'.repeat(65)]: 'v' })).toBe(`? ${'é'.repeat(65)}\n: v\n`);
  });

  it('writes a multi-line key as `? |-` (not simple, so not forced to double quotes)', () => {
    expect(toYaml({ 'a\nb': 'v' })).toBe('? |-\n  a\n  b\n: v\n');
  });

  it('orders keys by code point where neither is a letter (sorter.go compares runes)', () => {
    // U+FF5E (a symbol) sorts before U+1F600, though its UTF-16 unit is higher
    expect(yamlKeyLess('\uff5e', '😀')).toBe(true);
    expect(toYaml({ '😀': 1, '\uff5e': 2 })).toBe('\uff5e: 2\n"\\U0001F600": 1\n');
    // digit runs compare by value; a letter sorts after any other character
    expect(Object.keys({ a10: 0, a9: 0, 'a-': 0, ab: 0 }).sort((x, y) => (yamlKeyLess(x, y) ? -1 : 1))).toEqual(['a-', 'a9', 'a10', 'ab']);
  });
});

describe('toYaml collections and other scalars', () => {
  it('writes empty collections in flow style and null, booleans plainly', () => {
    expect(toYaml({ a: {}, b: [], c: null, d: true, e: [{}, [], null, false] })).toBe('a: {}\nb: []\nc: null\nd: true\ne:\n- {}\n- []\n- null\n- false\n');
    expect(toYaml({})).toBe('{}\n');
    expect(toYaml([])).toBe('[]\n');
  });

  it('nests sequences and mappings in sequences on the dash line', () => {
    expect(toYaml([{ a: 1, b: 2 }, [1, [2]]])).toBe('- a: 1\n  b: 2\n- - 1\n  - - 2\n');
  });

  it('prints numbers as the JSON round trip leaves them (intv, uintv, floatv)', () => {
    // integers that ParseInt or ParseUint accept stay integers
    expect(toYaml({ n: [0, 100, -5, 2 ** 53, 2 ** 63] })).toBe('"n":\n- 0\n- 100\n- -5\n- 9007199254740992\n- 9223372036854776000\n');
    // floats: strconv.FormatFloat(f, 'g', -1, 64), %e from exponent 6 and below -4
    expect(toYaml({ f: [0.5, 3.14159, 0.0001, 0.00001, 1e-7, 1234567.5] })).toBe('f:\n- 0.5\n- 3.14159\n- 0.0001\n- 1e-05\n- 1e-07\n- 1.2345675e+06\n');
    // integral values past uint64 come back from JSON as float64
    expect(toYaml({ f: [2 ** 64, 1e20, 1e21, -(2 ** 63) * 2] })).toBe('f:\n- 1.8446744073709552e+19\n- 1e+20\n- 1e+21\n- -1.8446744073709552e+19\n');
  });

  it('indents a root scalar by best_indent', () => {
    expect(toYaml('a\nb')).toBe('|-\n  a\n  b\n');
    expect(toYaml('true')).toBe('"true"\n');
  });
});

describe('toYaml reads back (property)', () => {
  it('keeps any Unicode string through every style, fold and long key', () => {
    // Oracle: the `yaml` package (YAML 1.2), so LS, PS and NEL are left out: YAML 1.2 does not
    // read them as line breaks, and go-yaml writes LS and PS raw in single-quoted and literal
    // scalars. Lone surrogates are left out too: Go strings carry U+FFFD instead.
    const chunk = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }).map((s) => s.replace(/[\uD800-\uDFFF\u2028\u2029\u0085]/g, 'x')),
      fc.constantFrom(' ', '  ', '\n', '\t', ': ', ' #', "'", '"', '- ', 'word '),
    );
    const str = fc.array(chunk, { maxLength: 20 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.dictionary(str, fc.oneof(str, fc.array(str, { maxLength: 2 })), { maxKeys: 4 }), (obj) => {
        expect(parseYaml(toYaml(obj))).toEqual(obj);
      }),
      { numRuns: 500 },
    );
  });
});
