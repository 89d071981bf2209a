import { describe, expect, it } from 'vitest';
import { createSession, type Session } from '../index.ts';

const IPVS_SCENARIO = 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n';

function run(s: Session, line: string) {
  const r = s.run(line);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
const err = (stderr: string, exitCode: number) => ({ stdout: '', stderr: `${stderr}\n`, exitCode });

const BANNER = 'IP Virtual Server version 1.2.1 (size=4096)\n';
const TITLE = 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';

// Seed 001 (/work/shared/seeds/001_*.txt), the block after `ipvsadm -Ln`; destination lines end in
// the spaces of ipvsadm's `%-10u` columns.
const SEED_001 = `${BANNER}${TITLE}TCP  10.96.0.1:443 rr
  -> 172.200.1.200:6443           Masq    1      0          0         
TCP  10.96.0.10:53 rr
  -> 10.244.0.6:53                Masq    1      0          0         
  -> 10.244.0.7:53                Masq    1      0          0         
TCP  10.96.0.10:9153 rr
  -> 10.244.0.6:9153              Masq    1      0          0         
  -> 10.244.0.7:9153              Masq    1      0          0         
UDP  10.96.0.10:53 rr
  -> 10.244.0.6:53                Masq    1      0          0         
  -> 10.244.0.7:53                Masq    1      0          0         
`;

describe('ipvsadm on the default cluster started in ipvs mode', () => {
  const s = createSession({ scenario: IPVS_SCENARIO });

  it('loads without problems', () => {
    expect(s.problems).toEqual([]);
  });

  it('ipvsadm -Ln on the control plane prints exactly seed 001’s table', () => {
    expect(run(s, 'ipvsadm -Ln')).toEqual(ok(SEED_001));
  });

  it('lists the same with -ln, -L -n, --list --numeric, and on a worker', () => {
    for (const line of ['ipvsadm -ln', 'ipvsadm -L -n', 'ipvsadm --list --numeric', 'ssh node201 ipvsadm -Ln']) expect(run(s, line)).toEqual(ok(SEED_001));
  });

  it('names ports from /etc/services without -n (and with no arguments at all)', () => {
    const named = run(s, 'ipvsadm');
    expect(named).toEqual(run(s, 'ipvsadm -L'));
    expect(named.stdout).toContain('TCP  10.96.0.1:https rr\n  -> 172.200.1.200:6443           Masq    1      0          0         \n');
    expect(named.stdout).toContain('UDP  10.96.0.10:domain rr\n  -> 10.244.0.6:domain            Masq    1      0          0         \n');
  });

  it('--stats: the counters table, all zero before any traffic', () => {
    const r = run(s, 'ipvsadm -L -n --stats');
    expect(r.stdout.split('\n').slice(0, 5).join('\n')).toBe(
      [
        'IP Virtual Server version 1.2.1 (size=4096)',
        'Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes',
        '  -> RemoteAddress:Port',
        'TCP  10.96.0.1:443                       0        0        0        0        0',
        '  -> 172.200.1.200:6443                  0        0        0        0        0',
      ].join('\n'),
    );
    expect(run(s, 'ipvsadm -Ln --stats')).toEqual(r);
  });

  it('-t|-u VIP:PORT: one service under the titles, without the banner', () => {
    const udp = `${TITLE}UDP  10.96.0.10:53 rr\n  -> 10.244.0.6:53                Masq    1      0          0         \n  -> 10.244.0.7:53                Masq    1      0          0         \n`;
    expect(run(s, 'ipvsadm -Ln -u 10.96.0.10:53')).toEqual(ok(udp));
    expect(run(s, 'ipvsadm -L -n --udp-service 10.96.0.10:53')).toEqual(ok(udp));
    expect(run(s, 'ipvsadm -Lnt 10.96.0.10:53').stdout).toContain('TCP  10.96.0.10:53 rr\n');
    expect(run(s, 'ipvsadm -Ln -t 10.96.0.10:54')).toEqual(err('No such service', 1));
  });

  it('-c: the connection table, empty before any traffic', () => {
    const empty = ok('IPVS connection entries\npro expire state       source             virtual            destination\n');
    expect(run(s, 'ipvsadm -Lnc')).toEqual(empty);
    expect(run(s, 'ipvsadm -L -n -c')).toEqual(empty);
    expect(run(s, 'ipvsadm -L --connection')).toEqual(empty);
  });

  it('rejects options as ipvsadm 1.31 and popt do', () => {
    const tryhelp = err("Try `ipvsadm -h' or 'ipvsadm --help' for more information.", 255);
    expect(run(s, 'ipvsadm --foo')).toEqual(tryhelp);
    // The first option must be a command.
    expect(run(s, 'ipvsadm -nL')).toEqual(tryhelp);
    expect(run(s, 'ipvsadm -Ln --foo')).toEqual(err('--foo: unknown option', 255));
    expect(run(s, 'ipvsadm -Lnq')).toEqual(err('-Lnq: unknown option', 255));
    expect(run(s, 'ipvsadm -L -t')).toEqual(err('-t: missing argument', 255));
    expect(run(s, 'ipvsadm -L foo')).toEqual(err('unexpected argument foo', 2));
    expect(run(s, 'ipvsadm -L -n -n')).toEqual(err("multiple 'numeric' options specified", 2));
    expect(run(s, 'ipvsadm -L -L')).toEqual(err("invalid option `-L'", 2));
    expect(run(s, 'ipvsadm -L -s rr')).toEqual(err("Illegal 'scheduler' option with the 'list' command", 2));
    expect(run(s, 'ipvsadm -Lnc -t 10.96.0.1:443')).toEqual(err("The option 'service-address' conflicts with the 'connection' option in the 'list' command", 2));
    expect(run(s, 'ipvsadm -Lc --stats')).toEqual(err('options conflicts in the list command', 2));
    expect(run(s, 'ipvsadm -L -t nonsense')).toEqual(err('illegal virtual server address[:port] specified', 2));
    expect(run(s, 'ipvsadm -v')).toEqual(ok('ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n'));
  });

  it('says plainly that changing the table is not simulated', () => {
    const r = run(s, 'ipvsadm -A -t 10.0.0.1:80 -s rr');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^svcsim: .*not simulated/);
  });

  it('ipset list: kube-proxy’s sets with their members and references', () => {
    const r = run(s, 'ipset list KUBE-CLUSTER-IP');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Name: KUBE-CLUSTER-IP\nType: hash:ip,port\nRevision: \d+\nHeader: family inet hashsize 1024 maxelem 65536 .*\nSize in memory: \d+\nReferences: 3\nNumber of entries: 4\nMembers:\n/);
    expect(r.stdout.split('Members:\n')[1].trim().split('\n').sort()).toEqual(['10.96.0.1,tcp:443', '10.96.0.10,tcp:53', '10.96.0.10,tcp:9153', '10.96.0.10,udp:53']);
    expect(run(s, 'ipset -L KUBE-IPVS-IPS').stdout).toMatch(/\nReferences: 1\nNumber of entries: 2\nMembers:\n10\.96\.0\.1\n10\.96\.0\.10\n$/);
    const names = run(s, 'ipset list -n').stdout.split('\n');
    expect(names.slice(0, 2)).toEqual(['KUBE-LOOP-BACK', 'KUBE-CLUSTER-IP']);
    expect(names).toContain('KUBE-IPVS-IPS');
    expect(run(s, 'ipset -n list KUBE-LOOP-BACK')).toEqual(ok('KUBE-LOOP-BACK\n'));
    expect(run(s, 'ipset list KUBE-NOPE')).toEqual(err('ipset v7.17: The set with the given name does not exist', 1));
  });

  it('ip addr and ip route show table local carry kube-ipvs0 and its /32 routes', () => {
    const addr = run(s, 'ip addr show kube-ipvs0');
    expect(addr.exitCode).toBe(0);
    expect(addr.stdout).toMatch(/^\d+: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default \n/);
    expect(addr.stdout).toContain('    inet 10.96.0.1/32 scope global kube-ipvs0\n');
    expect(addr.stdout).toContain('    inet 10.96.0.10/32 scope global kube-ipvs0\n');
    expect(run(s, 'ip addr').stdout).toContain(': kube-ipvs0: ');
    const local = run(s, 'ip route show table local').stdout;
    expect(local).toContain('local 10.96.0.1 dev kube-ipvs0 proto kernel scope host src 10.96.0.1 \n');
    expect(local).toContain('local 10.96.0.10 dev kube-ipvs0 proto kernel scope host src 10.96.0.10 \n');
  });

  it('iptables-save shows the rules kube-proxy writes in ipvs mode', () => {
    const nat = run(s, 'iptables-save -t nat');
    expect(nat.exitCode).toBe(0);
    expect(nat.stdout).toContain('-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT\n');
    expect(nat.stdout).not.toContain('KUBE-SVC-');
    expect(run(s, 'iptables-save -t filter').stdout).toContain('-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER\n');
    expect(run(s, 'iptables -t nat -L KUBE-SERVICES -n').stdout).toContain('ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0            match-set KUBE-CLUSTER-IP dst,dst\n');
    // svcsim's own view of kube-proxy's restore input exists for iptables mode only.
    expect(run(s, 'iptables-save --kube-proxy')).toEqual(err("svcsim: --kube-proxy shows kube-proxy's iptables-mode restore input; master200's kube-proxy runs in ipvs mode (see iptables-save)", 1));
  });

  it('in a pod: the permission errors of ipvsadm and ipset', () => {
    s.run('kubectl create deployment web --image=nginx');
    const pod = s.run('kubectl get pods -l app=web -o jsonpath={.items[0].metadata.name}').stdout;
    // kubectl exec adds its own last line for a non-zero exit.
    expect(run(s, `kubectl exec ${pod} -- ipvsadm -Ln`)).toEqual(
      err("Can't initialize ipvs: Permission denied (you must be root)\nAre you sure that IP Virtual Server is built in the kernel or as module?\ncommand terminated with exit code 2", 2),
    );
    expect(run(s, `kubectl exec ${pod} -- ipset list`)).toEqual(err('ipset v7.17: Kernel error received: Operation not permitted\ncommand terminated with exit code 1', 1));
  });

  it('on an outside client neither is installed', () => {
    expect(run(s, 'ssh client ipvsadm -Ln')).toEqual(err('bash: ipvsadm: command not found', 127));
    expect(run(s, 'ssh client ipset list')).toEqual(err('bash: ipset: command not found', 127));
  });
});

describe('ipvsadm after traffic', () => {
  const s = createSession({ scenario: IPVS_SCENARIO });

  it('after a curl from the node: the connection in -Lnc, the counters in --stats, InActConn in -Ln', () => {
    s.run('kubectl create deployment whoami --image=traefik/whoami --port=80');
    s.run('kubectl expose deployment whoami --port=80');
    const ip = s.run('kubectl get svc whoami -o jsonpath={.spec.clusterIP}').stdout;
    const ep = s.run('kubectl get pods -l app=whoami -o jsonpath={.items[0].status.podIP}').stdout;
    expect(s.run(`curl -s ${ip}`).exitCode).toBe(0);
    // The node's own request leaves from the VIP (its local route on kube-ipvs0); the closed
    // connection waits out TIME_WAIT (120 s), one console line (a second) already gone.
    const conns = run(s, 'ipvsadm -Lnc').stdout.split('\n');
    expect(conns[2]).toMatch(new RegExp(`^TCP 01:59  TIME_WAIT   ${ip.replace(/\./g, '\\.')}:\\d+ +${ip.replace(/\./g, '\\.')}:80 +${ep.replace(/\./g, '\\.')}:80$`));
    expect(run(s, `ipvsadm -Ln -t ${ip}:80`)).toEqual(ok(`${TITLE}TCP  ${ip}:80 rr\n  -> ${`${ep}:80`.padEnd(28)} Masq    1      0          1         \n`));
    const stats = run(s, `ipvsadm -Ln --stats -t ${ip}:80`).stdout.split('\n');
    expect(stats[2]).toMatch(new RegExp(`^TCP  ${ip.replace(/\./g, '\\.')}:80 +1 +[1-9]\\d* +[1-9]\\d* +[1-9]\\d* +[1-9]\\d*$`));
  });
});

describe('ipvsadm and ipset on a node in iptables mode', () => {
  const s = createSession();

  it('ipvsadm prints the banner and titles of an empty table', () => {
    expect(run(s, 'ipvsadm -Ln')).toEqual(ok(BANNER + TITLE));
  });

  it('ipset has no sets to list, and no kube-ipvs0', () => {
    expect(run(s, 'ipset list')).toEqual(ok(''));
    expect(run(s, 'ipset list KUBE-CLUSTER-IP')).toEqual(err('ipset v7.17: The set with the given name does not exist', 1));
    expect(run(s, 'ip addr show kube-ipvs0')).toEqual(err('Device "kube-ipvs0" does not exist.', 1));
  });
});
