/**
 * Splits a console line into words the way a POSIX shell does for the simple commands
 * svcsim runs: blanks separate words, single quotes are literal, double quotes keep
 * blanks and honour `\"` and `\\`, a backslash outside quotes escapes the next character.
 * No expansion, globbing or redirection: what the tutorials type needs none of them.
 */
export type TokenizeResult = { ok: true; words: string[] } | { ok: false; error: string };

export function tokenize(line: string): TokenizeResult {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) {
        words.push(word);
        word = '';
        inWord = false;
      }
      i++;
      continue;
    }
    if (c === '#' && !inWord) break; // a comment runs to the end of the line, as in sh
    inWord = true;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      // bash: "unexpected EOF while looking for matching `''"
      if (end < 0) return { ok: false, error: "unexpected EOF while looking for matching `''" };
      word += line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < line.length) {
        const d = line[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) {
          word += line[i + 1];
          i += 2;
          continue;
        }
        word += d;
        i++;
      }
      if (!closed) return { ok: false, error: 'unexpected EOF while looking for matching `"\'' };
    } else if (c === '\\') {
      if (i + 1 < line.length) word += line[i + 1];
      i += 2;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return { ok: true, words };
}
