import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './command-line.ts';

const parse = (line: string) => {
  const r = parseCommandLine(line);
  if (!r.ok) throw new Error(r.error);
  return r.pipelines;
};

describe('a console line parsed as bash parses it', () => {
  it('splits pipelines at | and lists at ;, && and ||, with or without blanks around them', () => {
    expect(parse('iptables-save -t nat|grep KUBE-SVC && echo ok ; false || echo no').map((p) => [p.after, p.commands.map((c) => c.words)])).toEqual([
      [';', [['iptables-save', '-t', 'nat'], ['grep', 'KUBE-SVC']]],
      ['&&', [['echo', 'ok']]],
      [';', [['false']]],
      ['||', [['echo', 'no']]],
    ]);
  });

  it('keeps operator characters that are quoted or escaped inside their word', () => {
    expect(parse(`grep 'a|b' "x && y" c\\;d`)[0].commands[0].words).toEqual(['grep', 'a|b', 'x && y', 'c;d']);
    expect(parse(`kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\n"}{end}'`)[0].commands[0].words[4]).toBe('jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}');
  });

  it('reads redirections with their descriptors, in order, wherever they stand', () => {
    expect(parse('kubectl get x 2>&1 >/dev/null')[0].commands[0]).toEqual({
      words: ['kubectl', 'get', 'x'],
      redirections: [{ fd: 2, op: '>&', to: 1 }, { fd: 1, op: '>', path: '/dev/null' }],
      pipeStderr: false,
    });
    expect(parse('2> /dev/null kubectl get x &>>log < in.yaml')[0].commands[0].redirections).toEqual([
      { fd: 2, op: '>', path: '/dev/null' },
      { op: '&>>', path: 'log' },
      { fd: 0, op: '<', path: 'in.yaml' },
    ]);
    // A quoted 2 is a word, not a descriptor.
    expect(parse("echo '2'>x")[0].commands[0]).toMatchObject({ words: ['echo', '2'], redirections: [{ fd: 1, op: '>', path: 'x' }] });
    expect(parse('a |& b')[0].commands[0].pipeStderr).toBe(true);
  });

  it("refuses what bash refuses, in bash's words", () => {
    const error = (line: string) => (parseCommandLine(line) as { error: string }).error;
    expect(error('| grep x')).toBe("syntax error near unexpected token `|'");
    expect(error('kubectl get pods |')).toBe('syntax error: unexpected end of file');
    expect(error('a && && b')).toBe("syntax error near unexpected token `&&'");
    expect(error('a ;; b')).toBe("syntax error near unexpected token `;;'");
    expect(error('; a')).toBe("syntax error near unexpected token `;'");
    expect(error('echo >')).toBe("syntax error near unexpected token `newline'");
    expect(error('echo > | x')).toBe("syntax error near unexpected token `|'");
    expect(error('echo (x)')).toBe("syntax error near unexpected token `('");
    expect(error("echo 'x")).toBe("unexpected EOF while looking for matching `''");
  });

  it('notes a lone & at the end of a pipeline, and ends at a comment', () => {
    expect(parse('sleep 5 & echo hi').map((p) => p.background)).toEqual([true, false]);
    expect(parse('echo hi # | grep x')).toEqual([{ commands: [{ words: ['echo', 'hi'], redirections: [], pipeStderr: false }], after: ';', background: false }]);
    expect(parse('')).toEqual([]);
  });

  it('reads double-quoted escapes as sh does, and # only at the start of a word', () => {
    expect(parse('x "{range .items[*]}{.metadata.name}{\\"\\n\\"}{end}"')[0].commands[0].words).toEqual(['x', '{range .items[*]}{.metadata.name}{"\\n"}{end}']);
    expect(parse('echo "a  b" c\\ d a#b # comment')[0].commands[0].words).toEqual(['echo', 'a  b', 'c d', 'a#b']);
  });
});
