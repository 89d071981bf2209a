/**
 * For the text tools' tests: a console line on an admin node whose home files are FILES and
 * whose standard input is STDIN (undefined: nothing piped in). Nothing else of the context is
 * used by the tools.
 */
import type { CommandOutput, ShellContext } from '../context.ts';

export function textContext(stdin?: string, files: Record<string, string> = {}): ShellContext {
  const partial: Pick<ShellContext, 'stdin' | 'host' | 'place' | 'files' | 'clients' | 'traces'> = {
    stdin,
    host: 'node201',
    place: { kind: 'node', node: 'node201', admin: true },
    files: { readFile: (path) => files[path] },
    clients: [],
    traces: [],
  };
  return partial as ShellContext;
}

export type Tool = (args: readonly string[], ctx: ShellContext) => CommandOutput;

/** `A | B | C` over INPUT: each step's stdout is the next one's stdin; the last stdout. */
export function pipe(input: string, ...steps: [Tool, string[]][]): string {
  return steps.reduce((text, [tool, args]) => tool(args, textContext(text)).stdout, input);
}

/** `kubectl get pods -A` on a two-node cluster. */
export const PODS = `NAMESPACE     NAME                               READY   STATUS    RESTARTS   AGE
default       web-7d4b9c8f6d-2xkqz               1/1     Running   0          5m12s
default       web-7d4b9c8f6d-9vlmp               1/1     Running   0          5m12s
kube-system   coredns-76f75df574-8kqzt           1/1     Running   0          21m
kube-system   coredns-76f75df574-x7w2d           1/1     Running   0          21m
kube-system   etcd-node201                       1/1     Running   0          21m
kube-system   kube-proxy-6zq4m                   1/1     Running   0          20m
kube-system   kube-proxy-lx8vj                   1/1     Running   0          21m
`;

/** An `iptables-save -t nat` excerpt as kube-proxy writes it. */
export const IPTABLES_SAVE = `*nat
:PREROUTING ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-TCOU7JCQXEZGVUNU - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU
-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
-A KUBE-SERVICES -d 10.96.112.40/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-LOLE4ISW44XBNF3G
-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.1.4:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-ZP3FB6NMPNCO4VBJ
-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.2.7:80" -j KUBE-SEP-XZ2RR6SXKHXVZVQ3
-A KUBE-SEP-ZP3FB6NMPNCO4VBJ -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination 10.244.1.4:80
COMMIT
`;

/** `conntrack -L` lines (a flow listed twice, as two reads of a busy table can). */
export const CONNTRACK = `tcp      6 86397 ESTABLISHED src=10.244.1.5 dst=10.96.112.40 sport=43210 dport=80 src=10.244.2.7 dst=10.244.1.5 sport=80 dport=43210 [ASSURED] mark=0 use=1
udp      17 28 src=10.244.1.5 dst=10.96.0.10 sport=5353 dport=53 src=10.244.2.3 dst=10.244.1.5 sport=53 dport=5353 mark=0 use=1
tcp      6 117 TIME_WAIT src=10.244.1.6 dst=10.96.112.40 sport=50412 dport=80 src=10.244.1.4 dst=10.244.1.6 sport=80 dport=50412 [ASSURED] mark=0 use=1
udp      17 28 src=10.244.1.5 dst=10.96.0.10 sport=5353 dport=53 src=10.244.2.3 dst=10.244.1.5 sport=53 dport=5353 mark=0 use=1
tcp      6 86399 ESTABLISHED src=10.244.2.9 dst=10.96.0.1 sport=39876 dport=443 src=192.168.56.201 dst=10.244.2.9 sport=6443 dport=39876 [ASSURED] mark=0 use=1
`;
