import { describe, expect, it } from 'vitest';
import { busyboxTarget, curlTarget, dedotdotify } from './http-target.ts';

const target = (url: string, asIs = false) => {
  const r = curlTarget(url, asIs);
  return 'error' in r ? r : r.target;
};

describe("curl 8.5.0's request-target (lib/urlapi.c, lib/http.c)", () => {
  it('keeps the path and query as written, drops the fragment, and sends / for no path', () => {
    expect(target('http://web/healthz?x=1')).toBe('/healthz?x=1');
    expect(target('web')).toBe('/');
    expect(target('web:8080')).toBe('/');
    expect(target('http://web/')).toBe('/');
    expect(target('http://web?x=1')).toBe('/?x=1');
    expect(target('http://web/?')).toBe('/?');
    expect(target('http://web/a#frag')).toBe('/a');
    expect(target('http://web#frag')).toBe('/');
    expect(target('http://web/a%2Fb%20c?q=%41')).toBe('/a%2Fb%20c?q=%41');
  });

  it('removes dot segments unless --path-as-is, and encodes bytes above 0x7f in the path', () => {
    expect(target('http://web/a/../b/./c')).toBe('/b/c');
    expect(target('http://web/a/../b/./c', true)).toBe('/a/../b/./c');
    expect(target('http://web/..')).toBe('/');
    expect(target('http://web/é?é')).toBe('/%c3%a9?é');
    expect(dedotdotify('/a/b/..')).toBe('/a/');
    expect(dedotdotify('/a/./b/../../c')).toBe('/c');
  });

  it('rejects spaces and control bytes as curl does', () => {
    expect(target('http://web/a b')).toEqual({ error: 'curl: (3) URL rejected: Malformed input to a URL function', code: 3 });
  });
});

describe("busybox 1.36.1 wget's request-target (networking/wget.c parse_url)", () => {
  it('sends /PATH as written; a ? or # straight after the host is dropped', () => {
    const t = (url: string) => {
      const r = busyboxTarget(url);
      return 'error' in r ? r : [r.hostPort, r.target];
    };
    expect(t('http://10.96.0.10:9153/metrics')).toEqual(['10.96.0.10:9153', '/metrics']);
    expect(t('web')).toEqual(['web', '/']);
    expect(t('http://web/a?x=1#f')).toEqual(['web', '/a?x=1#f']);
    expect(t('http://web?x=1')).toEqual(['web', '/x=1']);
  });
});
