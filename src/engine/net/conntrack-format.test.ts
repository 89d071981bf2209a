import { describe, expect, it } from 'vitest';
import { ConntrackTable } from './conntrack.ts';
import { conntrackCommand, formatConntrackEntry } from './conntrack-format.ts';
import type { Packet } from './packet.ts';

const T0 = Date.UTC(2025, 5, 1, 10, 0, 0);
const pkt = (src: string, sport: number, dst: string, dport: number, proto: Packet['proto'] = 'tcp'): Packet => ({ src, dst, sport, dport, proto, mark: 0, ...(proto === 'tcp' ? { tcpFlags: 'SYN' as const } : {}) });

/** master200: a pod's established HTTPS call to the kubernetes Service, and a DNS query to kube-dns. */
function sampleTable(): ConntrackTable {
  const ct = new ConntrackTable();
  const e = ct.create(pkt('10.244.0.6', 43210, '10.96.0.1', 443), { dnat: { ip: '172.200.1.200', port: 6443 } }, T0);
  ct.update(ct.lookup(e.reply, T0)!, { tcpFlags: 'SYN,ACK' }, T0);
  ct.update(ct.lookup(e.original, T0)!, { tcpFlags: 'ACK' }, T0);
  ct.create(pkt('10.244.0.7', 53211, '10.96.0.10', 53, 'udp'), { dnat: { ip: '10.244.0.6', port: 53 } }, T0);
  return ct;
}

describe('conntrack -L', () => {
  it('prints entries as libnetfilter_conntrack formats them, the summary on stderr', () => {
    expect(conntrackCommand(sampleTable(), ['-L'], T0)).toEqual({
      stdout:
        'tcp      6 86399 ESTABLISHED src=10.244.0.6 dst=10.96.0.1 sport=43210 dport=443 src=172.200.1.200 dst=10.244.0.6 sport=6443 dport=43210 [ASSURED] mark=0 use=1\n' +
        'udp      17 29 src=10.244.0.7 dst=10.96.0.10 sport=53211 dport=53 [UNREPLIED] src=10.244.0.6 dst=10.244.0.7 sport=53 dport=53211 mark=0 use=1\n',
      stderr: 'conntrack v1.4.8 (conntrack-tools): 2 flow entries have been shown.\n',
      exitCode: 0,
    });
  });

  it('counts the timeout down with the simulated clock', () => {
    const ct = sampleTable();
    expect(formatConntrackEntry(ct.list(T0 + 60_000)[0]!, T0 + 60_000)).toMatch(/^tcp      6 86339 ESTABLISHED /);
    expect(conntrackCommand(ct, ['-L'], T0 + 31_000).stderr).toBe('conntrack v1.4.8 (conntrack-tools): 1 flow entries have been shown.\n');
  });

  it('filters by protocol and by original destination', () => {
    const ct = sampleTable();
    expect(conntrackCommand(ct, ['-L', '-p', 'udp'], T0).stdout).toMatch(/^udp {6}17 29 src=10\.244\.0\.7 /);
    expect(conntrackCommand(ct, ['-L', '-p', 'tcp'], T0).stdout.split('\n')).toHaveLength(2);
    expect(conntrackCommand(ct, ['-L', '-d', '10.96.0.1'], T0).stderr).toBe('conntrack v1.4.8 (conntrack-tools): 1 flow entries have been shown.\n');
    expect(conntrackCommand(ct, ['-L', '-d', '10.96.0.99'], T0)).toEqual({ stdout: '', stderr: 'conntrack v1.4.8 (conntrack-tools): 0 flow entries have been shown.\n', exitCode: 0 });
    expect(conntrackCommand(ct, ['-L', 'conntrack', '--reply-src', '10.244.0.6'], T0).stdout).toContain('udp      17');
  });

  it('prints an SCTP association with its state', () => {
    const ct = new ConntrackTable();
    ct.create(pkt('10.244.1.4', 5000, '10.96.0.50', 9999, 'sctp'), { dnat: { ip: '10.244.2.8', port: 9999 } }, T0);
    expect(conntrackCommand(ct, ['-L'], T0).stdout).toBe(
      'sctp     132 2 COOKIE_WAIT src=10.244.1.4 dst=10.96.0.50 sport=5000 dport=9999 [UNREPLIED] src=10.244.2.8 dst=10.244.1.4 sport=9999 dport=5000 mark=0 use=1\n',
    );
  });
});

describe('conntrack -C and -D', () => {
  it('-C prints the number of entries', () => {
    expect(conntrackCommand(sampleTable(), ['-C'], T0)).toEqual({ stdout: '2\n', stderr: '', exitCode: 0 });
  });

  it('-D deletes the matching entries, prints them and says how many', () => {
    const ct = sampleTable();
    const out = conntrackCommand(ct, ['-D', '-p', 'udp', '--orig-dst', '10.96.0.10'], T0);
    expect(out.stdout).toMatch(/^udp {6}17 29 src=10\.244\.0\.7 dst=10\.96\.0\.10 /);
    expect(out.stderr).toBe('conntrack v1.4.8 (conntrack-tools): 1 flow entries have been deleted.\n');
    expect(ct.count(T0)).toBe(1);
  });

  it('rejects bad input with conntrack’s parameter-problem messages', () => {
    const help = "Try `conntrack -h' or 'conntrack --help' for more information.\n";
    expect(conntrackCommand(sampleTable(), ['-L', '-d', '10.96.0'], T0)).toEqual({ stdout: '', stderr: `conntrack v1.4.8 (conntrack-tools): Invalid IP address \`10.96.0'\n${help}`, exitCode: 2 });
    expect(conntrackCommand(sampleTable(), ['-L', '-p', 'icmpx'], T0).stderr).toBe(`conntrack v1.4.8 (conntrack-tools): \`icmpx' unsupported protocol\n${help}`);
    expect(conntrackCommand(sampleTable(), ['-L', '-D'], T0).stderr).toBe(`conntrack v1.4.8 (conntrack-tools): Invalid commands combination\n${help}`);
    expect(conntrackCommand(sampleTable(), ['-L', '--frob'], T0).stderr).toBe(`conntrack v1.4.8 (conntrack-tools): unknown option \`--frob'\n${help}`);
  });
});
