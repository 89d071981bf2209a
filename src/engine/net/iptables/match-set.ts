/**
 * The `set` and `physdev` match extensions kube-proxy's ipvs mode writes:
 *
 *   -m set [!] --match-set NAME dst,dst[,src]   (libxt_set, revision 4)
 *   -m physdev [!] --physdev-is-in              (libxt_physdev)
 *
 * The set's contents live outside iptables (the kernel's ipsets); a rule names the set and the
 * packet fields it looks up, one direction flag per set dimension. The evaluator asks the
 * FilterContext for the set by name; a set that does not exist never matches.
 */
import type { Packet } from '../packet.ts';
import { fail } from './parse-values.ts';

/** One direction flag per dimension of the set's type (`hash:ip,port` has two). */
export type SetDirection = 'src' | 'dst';

export interface SetMatch {
  kind: 'set';
  invert: boolean;
  name: string;
  flags: SetDirection[];
}

export interface PhysdevMatch {
  kind: 'physdev';
  /** `[!] --physdev-is-in`: the packet came in through a bridge port. */
  isIn?: { invert: boolean };
}

/** What the evaluator needs of a kernel ipset: whether the packet's fields are a member. */
export interface IpsetLookup {
  /** `flags[i]` says whether dimension i is read from the source or the destination side. */
  test(packet: Packet, flags: readonly SetDirection[]): boolean;
}

export const SET_OPTIONS = { '--match-set': 2 } as const;
export const PHYSDEV_OPTIONS = { '--physdev-is-in': 0 } as const;

export function newSetMatch(): SetMatch {
  return { kind: 'set', invert: false, name: '', flags: [] };
}

/** `--match-set NAME FLAGS` (the parser joins the two values with a space). */
export function applySetOption(m: SetMatch, v: string, invert: boolean): void {
  const space = v.indexOf(' ');
  const name = v.slice(0, space);
  const flags = v.slice(space + 1).split(',');
  // libxt_set: IPSET_DIM_MAX is 6; every flag must be src or dst.
  if (name.length === 0 || name.length >= 32) fail(`Setname '${name}' is too long, max 31 characters.`);
  if (flags.length > 6) fail("Can't be more src/dst options than 6.");
  for (const f of flags) if (f !== 'src' && f !== 'dst') fail("You must specify (the comma separated list of) 'src' or 'dst'.");
  m.name = name;
  m.flags = flags as SetDirection[];
  m.invert = invert;
}

export function applyPhysdevOption(m: PhysdevMatch, invert: boolean): void {
  m.isIn = { invert };
}

export function setMatches(m: SetMatch, packet: Packet, lookup: ((name: string) => IpsetLookup | undefined) | undefined): boolean {
  const set = lookup?.(m.name);
  const hit = set !== undefined && set.test(packet, m.flags);
  return hit !== m.invert;
}

export function physdevMatches(m: PhysdevMatch, bridged: boolean | undefined): boolean {
  if (!m.isIn) return true;
  return (bridged === true) !== m.isIn.invert;
}

/** libxt_set print_match: ` [!] --match-set NAME dst,dst` (save) or ` [!] match-set NAME dst,dst` (list). */
export function setText(m: SetMatch, prefix: '--match-set' | 'match-set'): string {
  return `${m.invert ? ' !' : ''} ${prefix} ${m.name} ${m.flags.join(',')}`;
}

/** libxt_physdev save/print: ` [!] --physdev-is-in`, printed after ` PHYSDEV match` in a listing. */
export function physdevText(m: PhysdevMatch): string {
  return m.isIn ? `${m.isIn.invert ? ' !' : ''} --physdev-is-in` : '';
}
