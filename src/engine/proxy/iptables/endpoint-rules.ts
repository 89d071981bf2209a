/**
 * kube-proxy's per-endpoint rules (the KUBE-SEP- chains and the probability ladder of the
 * KUBE-SVC-/KUBE-SVL- chains) as RuleSpecs whose argument list is built each time it is read.
 * A node holds some 300,000 of them at 10,000 Services and most are never read (a trace parses
 * the few it walks, once; iptables-save writes each once), so a rule is three to five fields
 * (what the port's rules share sits in one PortRuleContext), not an array of a dozen strings
 * and its comment: what readers see is exactly the eager list. Likewise a KUBE-SEP- chain's
 * hashed name is made when first read (a trace's jump, a listing, iptables-save), not for
 * each of a node's 100,000 endpoints up front: the chain is a LazyChain, its first rule.
 */
import type { LazyChain, RuleAuthor, RuleSpec } from '../../net/iptables/types.ts';
import type { EndpointInfo } from '../endpoints.ts';
import { KUBE_MARK_MASQ, servicePortEndpointChainNameOf } from './names.ts';
import { saveComment, saveDnat, saveJump, saveRandom, saveSource } from '../../net/iptables/save-fast.ts';

/** What a service port's per-endpoint rules share. */
export interface PortRuleContext {
  /** The service port's name, or undefined in large-cluster mode (no comments). */
  readonly comment: string | undefined;
  readonly protocol: string;
  /** The service port's name as hashed into its chain names (ServicePortInfo.nameString). */
  readonly servicePortName: string;
}

// Fields are declared, not class fields: constructors of plain stores (no field initialisers).
// `author` is the same for all, so it lives on the prototype.

/**
 * `-A KUBE-SEP-... [-m comment --comment <svc>] -s <ip> -j KUBE-MARK-MASQ` (hairpin), the first
 * rule of its endpoint's chain and that chain's LazyChain: the name is hashed on first read.
 */
export class SepMasqRule implements RuleSpec, LazyChain {
  declare readonly port: PortRuleContext;
  declare readonly endpoint: EndpointInfo;
  private declare name: string | undefined;

  constructor(port: PortRuleContext, endpoint: EndpointInfo) {
    this.port = port;
    this.endpoint = endpoint;
    this.name = undefined;
  }

  get chain(): string {
    let name = this.name;
    if (name === undefined) {
      const p = this.port;
      this.name = name = servicePortEndpointChainNameOf(p.servicePortName, p.protocol, this.endpoint.ip, this.endpoint.port);
    }
    return name;
  }

  get lazyChain(): LazyChain {
    return this;
  }

  get author(): RuleAuthor {
    return 'kube-proxy';
  }

  /** `-A KUBE-SEP-... -s <ip>/32 [-m comment --comment <svc>] -j KUBE-MARK-MASQ`. */
  saveText(): string | undefined {
    const src = saveSource(this.endpoint.ip);
    const c = this.port.comment;
    const comment = c === undefined ? '' : saveComment(c);
    return src === undefined || comment === undefined ? undefined : `-A ${this.chain} ` + src + comment + '-j ' + KUBE_MARK_MASQ;
  }

  get args(): readonly string[] {
    const c = this.port.comment;
    const ip = this.endpoint.ip;
    return c === undefined ? ['-s', ip, '-j', KUBE_MARK_MASQ] : ['-m', 'comment', '--comment', c, '-s', ip, '-j', KUBE_MARK_MASQ];
  }
}

/**
 * `-A KUBE-SEP-... [-m comment --comment <svc>] -m <p> -p <p> -j DNAT --to-destination <ip:port>`
 * (no session affinity): the endpoint chain's second rule, its chain the first rule's.
 */
export class SepDnatRule implements RuleSpec {
  protected declare readonly sep: SepMasqRule;

  constructor(sep: SepMasqRule) {
    this.sep = sep;
  }

  get chain(): string {
    return this.sep.chain;
  }

  get lazyChain(): LazyChain {
    return this.sep;
  }

  get author(): RuleAuthor {
    return 'kube-proxy';
  }

  /** `-A KUBE-SEP-... -p <p> [-m comment --comment <svc>] -m <p> -j DNAT --to-destination <ip:port>`. */
  saveText(): string | undefined {
    const c = this.sep.port.comment;
    const comment = c === undefined ? '' : saveComment(c);
    const rest = comment === undefined ? undefined : saveDnat(this.sep.port.protocol, comment, this.sep.endpoint.endpoint);
    return rest === undefined ? undefined : `-A ${this.chain} ` + rest;
  }

  get args(): readonly string[] {
    const c = this.sep.port.comment;
    const p = this.sep.port.protocol;
    const to = this.sep.endpoint.endpoint;
    return c === undefined
      ? ['-m', p, '-p', p, '-j', 'DNAT', '--to-destination', to]
      : ['-m', 'comment', '--comment', c, '-m', p, '-p', p, '-j', 'DNAT', '--to-destination', to];
  }
}

/** The endpoint chain's second rule with its arguments given (the session-affinity DNAT, `-m recent --set`). */
export class SepRule extends SepDnatRule {
  private declare readonly given: readonly string[];

  constructor(sep: SepMasqRule, args: readonly string[]) {
    super(sep);
    this.given = args;
  }

  override get args(): readonly string[] {
    return this.given;
  }

  /** Not the DNAT rule's line: made from the arguments given. */
  override saveText(): string | undefined {
    return undefined;
  }
}

/**
 * One step of writeServiceToEndpointRules' ladder: `[-m comment --comment "<svc> -> <ip:port>"]
 * [-m statistic --mode random --probability <p>] -j KUBE-SEP-...` (no probability on the last).
 */
export class LadderRule implements RuleSpec {
  declare chain: string;
  /** The probability as written, or undefined for the last endpoint. */
  private declare readonly probability: string | undefined;
  /** The endpoint's chain (its port, endpoint and name, made when read). */
  private declare readonly target: SepMasqRule;

  constructor(chain: string, probability: string | undefined, target: SepMasqRule) {
    this.chain = chain;
    this.probability = probability;
    this.target = target;
  }

  get author(): RuleAuthor {
    return 'kube-proxy';
  }

  get jumpChain(): LazyChain {
    return this.target;
  }

  /** `-A <chain> [-m comment --comment "<svc> -> <ip:port>"] [-m statistic --mode random --probability <p>] -j KUBE-SEP-...`. */
  saveText(): string | undefined {
    const c = this.target.port.comment;
    const comment = c === undefined ? '' : saveComment(`${c} -> ${this.target.endpoint.endpoint}`);
    const random = this.probability === undefined ? '' : saveRandom(this.probability);
    const jump = saveJump(this.target.chain);
    return comment === undefined || random === undefined || jump === undefined ? undefined : `-A ${this.chain} ` + comment + random + jump;
  }

  get args(): readonly string[] {
    const c = this.target.port.comment;
    const pr = this.probability;
    const t = this.target.chain;
    if (pr === undefined) return c === undefined ? ['-j', t] : ['-m', 'comment', '--comment', `${c} -> ${this.target.endpoint.endpoint}`, '-j', t];
    if (c === undefined) return ['-m', 'statistic', '--mode', 'random', '--probability', pr, '-j', t];
    return ['-m', 'comment', '--comment', `${c} -> ${this.target.endpoint.endpoint}`, '-m', 'statistic', '--mode', 'random', '--probability', pr, '-j', t];
  }
}
