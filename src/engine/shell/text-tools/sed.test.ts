import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

function sed(script: string, stdin: string, flags = '') {
  const r = createSession().run(`sed ${flags} '${script}'`, { stdin });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

describe('sed (GNU sed, the edits pipelines make)', () => {
  it('substitutes with BREs by default, EREs with -E, & and back-references, g and Nth', () => {
    expect(sed('s/a/x/', 'aaa\n').stdout).toBe('xaa\n');
    expect(sed('s/a/x/g', 'aaa\n').stdout).toBe('xxx\n');
    expect(sed('s/a/x/2', 'aaa\n').stdout).toBe('axa\n');
    expect(sed('s/\\(a\\)\\(b\\)/\\2\\1/', 'abc\n').stdout).toBe('bac\n');
    expect(sed('s/([0-9]+)/<\\1>/g', 'port 80 and 443\n', '-E').stdout).toBe('port <80> and <443>\n');
    expect(sed('s/web/[&]/', 'web-1\n').stdout).toBe('[web]-1\n');
    expect(sed('s|/|:|g', 'a/b/c\n').stdout).toBe('a:b:c\n');
  });

  it('prints, deletes and quits by line, last line, regex and range', () => {
    const text = 'one\ntwo\nthree\nfour\n';
    expect(sed('2,3p', text, '-n').stdout).toBe('two\nthree\n');
    expect(sed('/t/d', text).stdout).toBe('one\nfour\n');
    expect(sed('$d', text).stdout).toBe('one\ntwo\nthree\n');
    expect(sed('2q', text).stdout).toBe('one\ntwo\n');
    expect(sed('/two/,/three/!d', text).stdout).toBe('two\nthree\n');
    expect(sed('s/o/0/p', text, '-n').stdout).toBe('0ne\ntw0\nf0ur\n');
  });

  it("switches kube-proxy's mode the way an admin does it from a shell", () => {
    const s = createSession();
    const r = s.run(`kubectl get cm kube-proxy -n kube-system -o yaml | sed 's/mode: ""/mode: "ipvs"/' | kubectl replace -f -`);
    expect(r.stdout).toBe('configmap/kube-proxy replaced\n');
    expect(s.run("kubectl get cm kube-proxy -n kube-system -o yaml | grep -c 'mode: \"ipvs\"'").stdout).toBe('1\n');
  });

  it('refuses what it does not run', () => {
    expect(sed('y/a/b/', 'a\n').stderr).toBe('svcsim: this sed script is not simulated (only s, d, p and q with addresses): y/a/b/\n');
    expect(createSession().run('sed -i s/a/b/ f').stderr).toBe('svcsim: sed -i is not simulated: write the result with > FILE instead\n');
  });
});
