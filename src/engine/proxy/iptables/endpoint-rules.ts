/**
 * kube-proxy's per-endpoint rules (the KUBE-SEP- chains and the probability ladder of the
 * KUBE-SVC-/KUBE-SVL- chains) as RuleSpecs whose argument list is built each time it is read.
 * A node holds some 300,000 of them at 10,000 Services and most are never read (a trace parses
 * the few it walks, once; iptables-save writes each once), so a rule is four fields, not an
 * array of a dozen strings and its comment: what readers see is exactly the eager list.
 */
import type { RuleAuthor, RuleSpec } from '../../net/iptables/types.ts';
import { KUBE_MARK_MASQ } from './names.ts';

/** `-A KUBE-SEP-... [-m comment --comment <svc>] -s <ip> -j KUBE-MARK-MASQ` (hairpin). */
export class SepMasqRule implements RuleSpec {
  // Declared, not class fields: a constructor of plain stores (no field initialisers) for 100,000 of them.
  declare chain: string;
  declare readonly author: RuleAuthor;
  /** The service port's name, or undefined in large-cluster mode (no comment). */
  private declare readonly comment: string | undefined;
  private declare readonly ip: string;

  constructor(chain: string, comment: string | undefined, ip: string) {
    this.chain = chain;
    this.author = 'kube-proxy';
    this.comment = comment;
    this.ip = ip;
  }

  get args(): readonly string[] {
    const c = this.comment;
    return c === undefined ? ['-s', this.ip, '-j', KUBE_MARK_MASQ] : ['-m', 'comment', '--comment', c, '-s', this.ip, '-j', KUBE_MARK_MASQ];
  }
}

/** `-A KUBE-SEP-... [-m comment --comment <svc>] -m <p> -p <p> -j DNAT --to-destination <ip:port>` (no session affinity). */
export class SepDnatRule implements RuleSpec {
  declare chain: string;
  declare readonly author: RuleAuthor;
  private declare readonly comment: string | undefined;
  private declare readonly protocol: string;
  private declare readonly endpoint: string;

  constructor(chain: string, comment: string | undefined, protocol: string, endpoint: string) {
    this.chain = chain;
    this.author = 'kube-proxy';
    this.comment = comment;
    this.protocol = protocol;
    this.endpoint = endpoint;
  }

  get args(): readonly string[] {
    const c = this.comment;
    const p = this.protocol;
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
  declare readonly author: RuleAuthor;
  private declare readonly comment: string | undefined;
  private declare readonly endpoint: string;
  /** The probability as written, or undefined for the last endpoint. */
  private declare readonly probability: string | undefined;
  private declare readonly target: string;

  constructor(chain: string, comment: string | undefined, endpoint: string, probability: string | undefined, target: string) {
    this.chain = chain;
    this.author = 'kube-proxy';
    this.comment = comment;
    this.endpoint = endpoint;
    this.probability = probability;
    this.target = target;
  }

  get args(): readonly string[] {
    const c = this.comment;
    const pr = this.probability;
    if (pr === undefined) return c === undefined ? ['-j', this.target] : ['-m', 'comment', '--comment', `${c} -> ${this.endpoint}`, '-j', this.target];
    if (c === undefined) return ['-m', 'statistic', '--mode', 'random', '--probability', pr, '-j', this.target];
    return ['-m', 'comment', '--comment', `${c} -> ${this.endpoint}`, '-m', 'statistic', '--mode', 'random', '--probability', pr, '-j', this.target];
  }
}
