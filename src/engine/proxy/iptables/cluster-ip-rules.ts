/**
 * kube-proxy's two ClusterIP rules of a service port, `-A KUBE-SERVICES -m comment --comment
 * "<svc> cluster IP" -m <p> -p <p> -d <ip> --dport <port> -j <chain>` and the same match in
 * the policy chain ending `[<not local>] -j KUBE-MARK-MASQ`, as RuleSpecs whose argument list
 * is built when read (as endpoint-rules.ts does for the per-endpoint rules): one object each
 * for 10,000 Services, not an array, a comment and a port string each.
 */
import type { RuleAuthor, RuleSpec } from '../../net/iptables/types.ts';
import type { ServicePortInfo } from '../service-port.ts';
import { KUBE_MARK_MASQ } from './names.ts';

/** `-m comment --comment "<svc> cluster IP" -m <p> -p <p> -d <clusterIP> --dport <port>` and then `tail`. */
export class ClusterIPRule implements RuleSpec {
  declare chain: string;
  private declare readonly sp: ServicePortInfo;
  private declare readonly tail: readonly string[];

  constructor(chain: string, sp: ServicePortInfo, tail: readonly string[]) {
    this.chain = chain;
    this.sp = sp;
    this.tail = tail;
  }

  get author(): RuleAuthor {
    return 'kube-proxy';
  }

  get args(): readonly string[] {
    const sp = this.sp;
    const p = sp.protocol;
    const args = ['-m', 'comment', '--comment', `${sp.nameString} cluster IP`, '-m', p, '-p', p, '-d', sp.clusterIP, '--dport', String(sp.port)];
    for (const a of this.tail) args.push(a);
    return args;
  }
}

const masqTails = new WeakMap<readonly string[], readonly string[]>();

/** The policy chain's masquerade tail: `<notLocal> -j KUBE-MARK-MASQ`, one array per detector. */
export function masqueradeTail(notLocal: readonly string[]): readonly string[] {
  let tail = masqTails.get(notLocal);
  if (!tail) masqTails.set(notLocal, (tail = [...notLocal, '-j', KUBE_MARK_MASQ]));
  return tail;
}
