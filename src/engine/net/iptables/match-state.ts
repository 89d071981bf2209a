/**
 * The `state` match (`-m state [!] --state NEW,ESTABLISHED`): xt_state, the older spelling of
 * `-m conntrack --ctstate` for the four plain states, which kube-proxy's userspace mode
 * (<= v1.25) wrote in KUBE-NODEPORT-NON-LOCAL. iptables-save prints `-m state --state NEW`,
 * `iptables -L` ` state NEW` (libxt_state).
 */
import type { ConntrackView } from './types.ts';

export const STATE_NAMES = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED'] as const;
export type StateName = (typeof STATE_NAMES)[number];

export interface StateMatch {
  kind: 'state';
  invert: boolean;
  states: StateName[];
}

export const STATE_OPTIONS: Readonly<Record<string, number>> = { '--state': 1 };

export function newStateMatch(): StateMatch {
  return { kind: 'state', invert: false, states: [] };
}

export function stateMatches(m: StateMatch, ct: ConntrackView): boolean {
  return m.states.includes(ct.state) !== m.invert;
}

/** libxt_state save: ` [!] --state A,B` (states in the order given). */
export function stateSaveOptions(m: StateMatch): string {
  return `${m.invert ? ' !' : ''} --state ${m.states.join(',')}`;
}

/** libxt_state print: ` [!] state A,B`. */
export function stateListOptions(m: StateMatch): string {
  return `${m.invert ? ' !' : ''} state ${m.states.join(',')}`;
}
