/**
 * POSIX regular expressions as GNU grep reads them (BRE by default, ERE with -E), translated
 * to JavaScript RegExp source. GNU extensions kept: `\|`, `\+`, `\?` in BREs, `\<`, `\>`, `\b`,
 * `\B`, `\w`, `\W`, `\s`, `\S`, back-references `\1`..`\9`. Errors carry glibc regcomp's
 * messages (posix/regcomp.c __re_error_msgid), which grep prints after `grep: `.
 */

export type RegexResult = { ok: true; source: string } | { ok: false; error: string };

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: '0-9A-Za-z',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
};

const JS_SPECIAL = new Set([...'\\^$.|?*+()[]{}/']);

function literal(c: string): string {
  return JS_SPECIAL.has(c) ? `\\${c}` : c;
}

/** A bracket expression from `[` at i: the JS class and the index after `]`. */
function bracket(re: string, i: number): { cls: string; end: number } | { error: string } {
  let j = i + 1;
  let out = '[';
  if (re[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  while (j < re.length) {
    const c = re[j];
    if (c === ']' && !first) return { cls: `${out}]`, end: j + 1 };
    first = false;
    if (c === '[' && (re[j + 1] === ':' || re[j + 1] === '=' || re[j + 1] === '.')) {
      const kind = re[j + 1];
      const close = re.indexOf(`${kind}]`, j + 2);
      if (close < 0) return { error: 'Unmatched [, [^, [:, [., or [=' };
      const name = re.slice(j + 2, close);
      if (kind === ':') {
        const cls = CLASSES[name];
        if (cls === undefined) return { error: 'Invalid character class name' };
        out += cls;
      } else out += name.length === 1 ? literal(name) : name.replace(/[\\\]^-]/g, '\\$&');
      j = close + 2;
      continue;
    }
    // Inside brackets a backslash is an ordinary character (POSIX).
    if (c === '\\' || c === ']' || c === '[' || c === '^') out += `\\${c}`;
    else if (c === '-' && j + 1 < re.length && re[j + 1] !== ']' && out.length > 1 && !out.endsWith('[^')) {
      // A range: its end must not come before its start.
      const start = re[j - 1];
      const end = re[j + 1] === '\\' ? '\\' : re[j + 1];
      if (end < start) return { error: 'Invalid range end' };
      out += '-';
    } else out += c;
    j++;
  }
  return { error: 'Unmatched [, [^, [:, [., or [=' };
}

/** `{m}`, `{m,}`, `{,n}`, `{m,n}` at i (after the brace): the JS quantifier and the index after it. */
function interval(re: string, i: number, closing: string): { q: string; end: number } | undefined {
  const m = /^(\d*)(,?)(\d*)/.exec(re.slice(i));
  if (!m) return undefined;
  const after = i + m[0].length;
  if (!re.startsWith(closing, after)) return undefined;
  if (!m[1] && !m[3] && !m[2]) return undefined;
  const lo = m[1] || '0';
  return { q: m[2] ? `{${lo},${m[3]}}` : `{${lo}}`, end: after + closing.length };
}

export function translateRegex(re: string, extended: boolean): RegexResult {
  let out = '';
  let depth = 0;
  // Whether a `*` here would have nothing to repeat (it is then literal, as POSIX says).
  let atStart = true;
  let i = 0;
  while (i < re.length) {
    const c = re[i];
    const start = atStart;
    atStart = false;
    if (c === '[') {
      const b = bracket(re, i);
      if ('error' in b) return { ok: false, error: b.error };
      out += b.cls;
      i = b.end;
      continue;
    }
    if (c === '\\') {
      const d = re[i + 1];
      if (d === undefined) return { ok: false, error: 'Trailing backslash' };
      i += 2;
      if (!extended && d === '(') {
        out += '(';
        depth++;
        atStart = true;
      } else if (!extended && d === ')') {
        if (depth === 0) return { ok: false, error: 'Unmatched ) or \\)' };
        out += ')';
        depth--;
      } else if (!extended && d === '|') {
        out += '|';
        atStart = true;
      } else if (!extended && (d === '+' || d === '?')) {
        out += start ? `\\${d}` : d;
      } else if (!extended && d === '{') {
        const q = interval(re, i, '\\}');
        if (!q) return { ok: false, error: re.indexOf('\\}', i) < 0 ? 'Unmatched \\{' : 'Invalid content of \\{\\}' };
        if (start) return { ok: false, error: 'Invalid preceding regular expression' };
        out += q.q;
        i = q.end;
      } else if (d === '<') out += '\\b(?=\\w)';
      else if (d === '>') out += '\\b(?<=\\w)';
      else if ('bBwWsS'.includes(d)) out += `\\${d}`;
      else if (d >= '1' && d <= '9') out += `\\${d}`;
      else out += literal(d);
      continue;
    }
    i++;
    if (extended && c === '(') {
      out += '(';
      depth++;
      atStart = true;
    } else if (extended && c === ')') {
      if (depth === 0) return { ok: false, error: 'Unmatched ) or \\)' };
      out += ')';
      depth--;
    } else if (extended && c === '|') {
      out += '|';
      atStart = true;
    } else if (extended && (c === '+' || c === '?')) out += start ? `\\${c}` : c;
    else if (extended && c === '{') {
      const q = interval(re, i, '}');
      if (!q) out += '\\{';
      else {
        if (start) return { ok: false, error: 'Invalid preceding regular expression' };
        out += q.q;
        i = q.end;
      }
    } else if (c === '*') out += start ? '\\*' : '*';
    else if (c === '^') {
      // An anchor where a match can start; elsewhere in a BRE a literal caret.
      if (extended || start) {
        out += '^';
        atStart = true;
      } else out += '\\^';
    } else if (c === '$') {
      const end = i === re.length || (!extended && (re.startsWith('\\)', i) || re.startsWith('\\|', i))) || (extended && (re[i] === ')' || re[i] === '|'));
      out += extended || end ? '$' : '\\$';
    } else if (c === '.') out += '.';
    else out += literal(c);
  }
  if (depth > 0) return { ok: false, error: 'Unmatched ( or \\(' };
  try {
    new RegExp(out);
  } catch {
    return { ok: false, error: 'Invalid regular expression' };
  }
  return { ok: true, source: out };
}
