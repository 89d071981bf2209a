/**
 * kube-proxy's per-endpoint rules (the KUBE-SEP- chains and the probability ladder of the
 * KUBE-SVC-/KUBE-SVL- chains) as RuleSpecs whose argument list is built each time it is read.
 * A node holds some 300,000 of them at 10,000 Services and most are never read (a trace parses
 * the few it walks, once; iptables-save writes each once), so a rule is three to five fields
 * (what the port's rules share sits in one PortRuleContext), not an array of a dozen strings
 * and its comment: what readers see is exactly the eager list.
 */
import type { RuleAuthor, RuleSpec } from '../../net/iptables/types.ts';
import { KUBE_MARK_MASQ } from './names.ts';

/** What a service port's per-endpoint rules share. */
export interface PortRuleContext {
  /** The service port's name, or undefined in large-cluster mode (no comments). */
  readonly comment: string | undefined;
  readonly protocol: string;
}

// Fields are declared, not class fields: constructors of plain stores (no field initialisers).
// `author` is the same for all, so it lives on the prototype.

/** `-A KUBE-SEP-... [-m comment --comment <svc>] -s <ip> -j KUBE-MARK-MASQ` (hairpin). */
export class SepMasqRule implements RuleSpec {
  declare chain: string;
  private declare readonly port: PortRuleContext;
  private declare readonly ip: string;

  constructor(chain: string, port: PortRuleContext, ip: string) {
    this.chain = chain;
    this.port = port;
    this.ip = ip;
  }

  get author(): RuleAuthor {
    return 'kube-proxy';
  }

  get args(): readonly string[] {
    const c = this.port.comment;
    return c === undefined ? ['-s', this.ip, '-j', KUBE_MARK_MASQ] : ['-m', 'comment', '--comment', c, '-s', this.ip, '-j', KUBE_MARK_MASQ];
  }
}

/** `-A KUBE-SEP-... [-m comment --comment <svc>] -m <p> -p <p> -j DNAT --to-destination <ip:port>` (no session affinity). */
export class SepDnatRule implements RuleSpec {
  declare chain: string;
  private declare readonly port: PortRuleContext;
  private declare readonly endpoint: string;

  constructor(chain: string, port: PortRuleContext, endpoint: string) {
    this.chain = chain;
    this.port = port;
    this.endpoint = endpoint;
  }

  get author(): RuleAuthor {
    return 'kube-proxy';
  }

  get args(): readonly string[] {
    const c = this.port.comment;
    const p = this.port.protocol;
    return c === undefined
      ? ['-m', p, '-p', p, '-j', 'DNAT', '--to-destination', this.endpoint]
      : ['-m', 'comment', '--comment', c, '-m', p, '-p', p, '-j', 'DNAT', '--to-destination', this.endpoint];
  }
}

/**
 * One step of writeServiceToEndpointRules' ladder: `[-m comment --comment "<svc> -> <ip:port>"]
 * [-m statistic --mode random --probability <p>] -j KUBE-SEP-...` (no probability on the last).
 */
export class LadderRule implements RuleSpec {
  declare chain: string;
  private declare readonly port: PortRuleContext;
  private declare readonly endpoint: string;
  /** The probability as written, or undefined for the last endpoint. */
  private declare readonly probability: string | undefined;
  private declare readonly target: string;

  constructor(chain: string, port: PortRuleContext, endpoint: string, probability: string | undefined, target: string) {
    this.chain = chain;
    this.port = port;
    this.endpoint = endpoint;
    this.probability = probability;
    this.target = target;
  }

  get author(): RuleAuthor {
    return 'kube-proxy';
  }

  get args(): readonly string[] {
    const c = this.port.comment;
    const pr = this.probability;
    if (pr === undefined) return c === undefined ? ['-j', this.target] : ['-m', 'comment', '--comment', `${c} -> ${this.endpoint}`, '-j', this.target];
    if (c === undefined) return ['-m', 'statistic', '--mode', 'random', '--probability', pr, '-j', this.target];
    return ['-m', 'comment', '--comment', `${c} -> ${this.endpoint}`, '-m', 'statistic', '--mode', 'random', '--probability', pr, '-j', this.target];
  }
}
