/**
 * dig's command line as bind 9.18 reads it (bin/dig/dig.c parse_args, dash_option): while no
 * `-t` or `-c` has been given, every word that is not an option is tried as a type
 * (dns_rdatatype_fromtext), then as a class (dns_rdataclass_fromtext), and only then taken as
 * a name; so a type word is a type wherever it stands (`dig SRV NAME`, `dig NAME SRV`), and
 * `dig a` or `dig mx` asks `. NS` as a dig with no name does. Types and classes before the
 * first name go to the default lookup every name is cloned from; after a name, to that name.
 */
import { reverseName } from '../names.ts';
import { RR_TYPE_CODE, type RRType } from '../types.ts';
import type { DigRequest } from './dig.ts';

/**
 * Every mnemonic dns_rdatatype_fromtext knows in 9.18 (lib/dns/rdata/ file names, and gen.c's
 * reserved and meta types), lower case. svcsim's CoreDNS answers only RRType's, but a word
 * here is a type to dig whether svcsim can ask it or not.
 */
const TYPE_WORDS = new Set(
  ('a a6 aaaa afsdb amtrelay apl atma avc caa cdnskey cds cert cname csync dhcid dlv dname dnskey doa ds eid eui48 eui64 ' +
    'gpos hinfo hip https ipseckey isdn key keydata kx l32 l64 loc lp mb md mf mg minfo mr mx naptr nid nimloc ninfo ns nsap ' +
    'nsap-ptr nsec nsec3 nsec3param null nxt openpgpkey opt ptr px resinfo rkey rp rrsig rt sig sink smimea soa spf srv sshfp ' +
    'svcb ta talink tkey tlsa tsig txt uri wallet wks x25 zonemd uinfo uid gid unspec ixfr axfr mailb maila any').split(' '),
);

/** dns_rdataclass_fromtext (lib/dns/rcode.c): the mnemonics and CLASSnnn. */
const CLASS_WORDS = new Set(['in', 'ch', 'chaos', 'hs', 'hesiod', 'none', 'any', 'reserved0']);

const SVCSIM_TYPES = Object.keys(RR_TYPE_CODE) as RRType[];

/** A type as dig reads it: the mnemonic upper-cased, or TYPEnnn as its number. */
function typeOf(word: string): string | undefined {
  const w = word.toLowerCase();
  if (TYPE_WORDS.has(w)) return w.toUpperCase();
  // TYPEnnn (strtoul, up to 5 digits, at most 65535): TYPE1 is A.
  const m = /^type(\d{1,5})$/.exec(w);
  if (m && Number(m[1]) <= 0xffff) return SVCSIM_TYPES.find((t) => RR_TYPE_CODE[t] === Number(m[1])) ?? `TYPE${Number(m[1])}`;
  return undefined;
}

function classOf(word: string): string | undefined {
  const w = word.toLowerCase();
  if (CLASS_WORDS.has(w)) return w === 'chaos' ? 'CH' : w === 'hesiod' ? 'HS' : w.toUpperCase();
  const m = /^class(\d{1,5})$/.exec(w);
  if (m && Number(m[1]) <= 0xffff) return Number(m[1]) === 1 ? 'IN' : `CLASS${Number(m[1])}`;
  return undefined;
}

interface Lookup {
  name: string;
  /** The type word as given (upper case); unset means dig's A. */
  type?: string;
  cls?: string;
}

/** dig.c print_usage and usage(), on stderr with exit 1. */
const USAGE =
  'Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n' +
  '            {global-d-opt} host [@local-server] {local-d-opt}\n' +
  '            [ host [@local-server] {local-d-opt} [...]]\n\n' +
  'Use "dig -h" (or "dig -h | more") for complete list of options\n';

/** dig.c dash_option: flags that take no value, in any number, ahead of one that may. */
const SINGLE_DASH = '46dhimnruv';
const DASH_VALUE = 'bcfkpqtxy';

/**
 * `dig [@server] [TYPE] [CLASS] NAME [TYPE] [CLASS] [-t TYPE] [-c CLASS] [-q NAME] [-x IP]
 * [+short] [+search] [+tries=N] [+retry=N] [+timeout=N]`; other `+options` are ignored.
 */
export function parseDigArgs(argv: string[]): DigRequest | { error: string } {
  let short = false;
  let search = false;
  let tries: number | undefined;
  let timeout: number | undefined;
  let openTypeClass = true;
  const defaults: Omit<Lookup, 'name'> = {};
  const lookups: Lookup[] = [];
  // What a type or class word applies to: the default lookup until a name is given.
  let current: Omit<Lookup, 'name'> = defaults;
  const add = (name: string): Lookup => {
    const l: Lookup = { ...defaults, name };
    lookups.push(l);
    current = l;
    return l;
  };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w.startsWith('@')) continue; // the server: the caller reads it
    if (w === '+short') short = true;
    else if (w === '+noshort') short = false;
    else if (w === '+search') search = true;
    else if (w === '+nosearch') search = false;
    else if (/^\+(tries|retry|timeout)=\d+$/.test(w)) {
      const [opt, v] = w.slice(1).split('=');
      const n = Number(v);
      // dig.c: +tries below 1 is 1; +retry=N means N+1 tries; +timeout below 1 is 1.
      if (opt === 'tries') tries = Math.max(1, n);
      else if (opt === 'retry') tries = n + 1;
      else timeout = Math.max(1, n);
    } else if (w.startsWith('+')) continue;
    else if (w.startsWith('-') && w.length > 1) {
      let opt = w.slice(1);
      while (opt && SINGLE_DASH.includes(opt[0])) {
        if (opt[0] === 'h' || opt[0] === 'v' || opt[0] === '6') return { error: `svcsim: dig option -${opt[0]} is not simulated` };
        opt = opt.slice(1);
      }
      if (!opt) continue;
      const fromNext = opt.length === 1;
      const value = fromNext ? argv[i + 1] : opt.slice(1);
      if (!DASH_VALUE.includes(opt[0]) || value === undefined) return { error: `Invalid option: -${opt}\n${USAGE}` };
      if (fromNext) i++;
      switch (opt[0]) {
        case 't': {
          openTypeClass = false;
          const t = /^ixfr=/i.test(value) ? 'IXFR' : typeOf(value);
          // An unknown type is warned about and ignored (";; Warning, ignoring invalid type").
          if (t && t !== 'IXFR') current.type = t;
          else if (t) return { error: 'svcsim: dig here asks no zone transfers (IXFR)' };
          break;
        }
        case 'c': {
          openTypeClass = false;
          const c = classOf(value);
          if (c) current.cls = c;
          break;
        }
        case 'q':
          add(value);
          break;
        case 'x': {
          const rev = reverseName(value);
          if (!rev) return { error: `Invalid IP address ${value}` };
          const l = add(rev);
          // PTR unless a type was given before; the class IN unless one was.
          l.type ??= 'PTR';
          l.cls ??= 'IN';
          break;
        }
        default:
          return { error: `svcsim: dig option -${opt[0]} is not simulated` };
      }
    } else {
      if (openTypeClass) {
        if (/^ixfr=/i.test(w)) return { error: 'svcsim: dig here asks no zone transfers (IXFR)' };
        const t = typeOf(w);
        // A bare `ixfr` only draws ";; Warning, ixfr requires a serial number" and is skipped.
        if (t === 'IXFR') continue;
        if (t) {
          current.type = t;
          continue;
        }
        const c = classOf(w);
        if (c) {
          current.cls = c;
          continue;
        }
      }
      add(w);
    }
  }
  // No name at all: the root's NS, whatever type was given (dig.c, end of parse_args).
  if (!lookups.length) add('.').type = 'NS';
  if (lookups.length > 1) return { error: 'svcsim: dig here looks up one name per command' };
  const l = lookups[0];
  const type = l.type ?? 'A';
  if (!SVCSIM_TYPES.includes(type as RRType)) return { error: `svcsim: dig here asks for ${SVCSIM_TYPES.join(', ')}, not ${type}` };
  if (l.cls !== undefined && l.cls !== 'IN') return { error: `svcsim: dig here asks class IN only, not ${l.cls}` };
  return { name: l.name, type: type as RRType, short, search, argv, ...(tries ? { tries } : {}), ...(timeout ? { timeout } : {}) };
}
