import { describe, expect, it } from 'vitest';
import { parseDigArgs } from './dig-args.ts';

const asked = (...argv: string[]) => {
  const r = parseDigArgs(argv);
  return 'error' in r ? r : { name: r.name, type: r.type };
};

describe('dig command line (bind 9.18 dig.c parse_args)', () => {
  it('a type word is a type wherever it stands', () => {
    expect(asked('SRV', '_http._tcp.web.default.svc.cluster.local', '+short')).toEqual({ name: '_http._tcp.web.default.svc.cluster.local', type: 'SRV' });
    expect(asked('+short', 'aaaa', 'web')).toEqual({ name: 'web', type: 'AAAA' });
    expect(asked('web', 'mx')).toEqual({ name: 'web', type: 'MX' });
    expect(asked('IN', 'A', 'web')).toEqual({ name: 'web', type: 'A' });
    expect(asked('web', 'in', 'txt')).toEqual({ name: 'web', type: 'TXT' });
    expect(asked('TYPE33', 'web')).toEqual({ name: 'web', type: 'SRV' });
  });

  it('a name that is a type word is read as the type, and no name asks the root NS', () => {
    expect(asked('a')).toEqual({ name: '.', type: 'NS' });
    expect(asked('mx')).toEqual({ name: '.', type: 'NS' });
    expect(asked('in')).toEqual({ name: '.', type: 'NS' });
    expect(asked()).toEqual({ name: '.', type: 'NS' });
    expect(asked('web')).toEqual({ name: 'web', type: 'A' });
  });

  it('-t and -c end the reading of words as types: later type words are names', () => {
    expect(asked('-t', 'SRV', 'web')).toEqual({ name: 'web', type: 'SRV' });
    expect(asked('-tsrv', 'web')).toEqual({ name: 'web', type: 'SRV' });
    expect(asked('-t', 'MX', 'a')).toEqual({ name: 'a', type: 'MX' });
    expect(asked('-c', 'IN', 'mx')).toEqual({ name: 'mx', type: 'A' });
    expect(asked('-q', 'mx', 'AAAA')).toEqual({ name: 'mx', type: 'AAAA' });
    // -t after a name sets that name's type.
    expect(asked('web', '-t', 'AAAA')).toEqual({ name: 'web', type: 'AAAA' });
    // An unknown -t value is ignored with a warning: the type stays A.
    expect(asked('-t', 'bogus', 'web')).toEqual({ name: 'web', type: 'A' });
  });

  it('-x: PTR unless a type came first; a type after it changes it', () => {
    expect(asked('-x', '10.96.0.1')).toEqual({ name: '1.0.96.10.in-addr.arpa.', type: 'PTR' });
    expect(asked('A', '-x', '10.96.0.1')).toEqual({ name: '1.0.96.10.in-addr.arpa.', type: 'A' });
    expect(asked('-x', '10.96.0.1', 'TXT')).toEqual({ name: '1.0.96.10.in-addr.arpa.', type: 'TXT' });
    expect(asked('-x', 'nope')).toEqual({ error: 'Invalid IP address nope' });
  });

  it('-t with nothing after it is an invalid option, with the usage (dig.c usage)', () => {
    expect(asked('-t')).toEqual({
      error:
        'Invalid option: -t\nUsage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n            {global-d-opt} host [@local-server] {local-d-opt}\n            [ host [@local-server] {local-d-opt} [...]]\n\nUse "dig -h" (or "dig -h | more") for complete list of options\n',
    });
    expect(asked('-z', 'web')).toMatchObject({ error: expect.stringMatching(/^Invalid option: -z\nUsage: /) });
    expect(asked('-4', 'web')).toEqual({ name: 'web', type: 'A' });
  });

  it('what svcsim cannot ask is said plainly, not asked as something else', () => {
    expect(asked('web', 'other')).toEqual({ error: 'svcsim: dig here looks up one name per command' });
    expect(asked('CAA', 'web')).toEqual({ error: 'svcsim: dig here asks for A, NS, CNAME, SOA, PTR, MX, TXT, AAAA, SRV, ANY, not CAA' });
    expect(asked('CH', 'TXT', 'version.bind')).toEqual({ error: 'svcsim: dig here asks class IN only, not CH' });
    expect(asked('axfr', 'cluster.local')).toMatchObject({ error: expect.stringContaining('not AXFR') });
  });
});
