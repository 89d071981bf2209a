import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.ts';

describe('tokenize', () => {
  it('splits on blanks and keeps quoted blanks', () => {
    expect(tokenize(`kubectl get pods -o jsonpath='{.items[*].metadata.name}'`)).toEqual({
      ok: true,
      words: ['kubectl', 'get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'],
    });
    expect(tokenize('echo "a  b" c\\ d')).toEqual({ ok: true, words: ['echo', 'a  b', 'c d'] });
  });

  it('reads double-quoted escapes as sh does', () => {
    expect(tokenize('x "{range .items[*]}{.metadata.name}{\\"\\n\\"}{end}"')).toEqual({
      ok: true,
      words: ['x', '{range .items[*]}{.metadata.name}{"\\n"}{end}'],
    });
  });

  it('drops a trailing comment', () => {
    expect(tokenize('kubectl get svc   # list them')).toEqual({ ok: true, words: ['kubectl', 'get', 'svc'] });
    expect(tokenize('echo a#b')).toEqual({ ok: true, words: ['echo', 'a#b'] });
  });

  it('reports an unterminated quote as bash does', () => {
    expect(tokenize("echo 'abc")).toEqual({ ok: false, error: "unexpected EOF while looking for matching `''" });
  });
});
