import { describe, expect, it } from 'vitest';
import { formatIpvsadmConnections, formatIpvsadmList, formatIpvsadmService, msort } from './ipvsadm-format.ts';
import { IpvsKernel } from './kernel.ts';
import { IpvsTable } from './table.ts';
import type { VirtualServerSpec } from './types.ts';

function vs(protocol: 'TCP' | 'UDP', address: string, port: number, dests: string[], extra: Partial<VirtualServerSpec> = {}): VirtualServerSpec {
  return {
    protocol, address, port, scheduler: 'rr',
    destinations: dests.map((d) => ({ address: d.split(':')[0], port: Number(d.split(':')[1]), weight: 1 })),
    ...extra,
  };
}

const trimEnds = (text: string) => text.split('\n').map((l) => l.trimEnd()).join('\n');

describe('ipvsadm -Ln', () => {
  it('prints the upstream README example (reference §3.6), with the active connection counted', () => {
    const kernel = new IpvsKernel(IpvsTable.of([
      vs('UDP', '10.0.0.10', 53, ['172.17.0.2:53']),
      vs('TCP', '10.0.0.10', 53, ['172.17.0.2:53']),
      vs('TCP', '10.0.0.1', 443, ['192.168.0.1:6443'], { persistentTimeout: 10800 }),
    ]));
    const r = kernel.schedule({ protocol: 'TCP', src: '10.244.1.5', sport: 40000, dst: '10.0.0.1', dport: 443 }, 0);
    if (r.kind !== 'new') throw new Error(r.kind);
    kernel.packet(r.conn, 'in', 0, 60, 'SYN');
    kernel.packet(r.conn, 'out', 0, 60, 'SYN,ACK');
    kernel.packet(r.conn, 'in', 0, 52, 'ACK');
    // The README's lines lost their trailing spaces in markdown.
    expect(trimEnds(formatIpvsadmList(kernel, { numeric: true }))).toBe(`IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  10.0.0.1:443 rr persistent 10800
  -> 192.168.0.1:6443             Masq    1      1          0
TCP  10.0.0.10:53 rr
  -> 172.17.0.2:53                Masq    1      0          0
UDP  10.0.0.10:53 rr
  -> 172.17.0.2:53                Masq    1      0          0
`);
  });

  it('prints the DERIVED NodePort example byte for byte, in ipvsadm’s signed-difference address order', () => {
    const eps = ['10.244.1.5:8080', '10.244.2.7:8080'];
    const kernel = new IpvsKernel(IpvsTable.of([
      vs('TCP', '10.96.45.10', 80, eps), vs('TCP', '10.244.1.1', 30080, eps), vs('TCP', '192.168.0.2', 30080, eps),
    ]));
    // 192.168.0.2 - 10.96.45.10 wraps negative as a signed int, so ipvsadm lists it first
    // (as real nodes list their 192.168.x.x NodePorts before 10.96.0.1:443).
    expect(formatIpvsadmList(kernel, { numeric: true })).toBe(`IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.0.2:30080 rr
  -> 10.244.1.5:8080              Masq    1      0          0         
  -> 10.244.2.7:8080              Masq    1      0          0         
TCP  10.96.45.10:80 rr
  -> 10.244.1.5:8080              Masq    1      0          0         
  -> 10.244.2.7:8080              Masq    1      0          0         
TCP  10.244.1.1:30080 rr
  -> 10.244.1.5:8080              Masq    1      0          0         
  -> 10.244.2.7:8080              Masq    1      0          0         
`);
  });

  it('lists 172.17.0.1 and 192.168 NodePorts before the 10.96 ClusterIPs, as real nodes do', () => {
    const kernel = new IpvsKernel(IpvsTable.of([
      vs('TCP', '10.96.0.1', 443, ['192.168.88.100:6443']),
      vs('TCP', '192.168.88.100', 31966, ['10.244.1.102:80']),
      vs('TCP', '172.17.0.1', 31966, ['10.244.1.102:80']),
    ]));
    const services = formatIpvsadmList(kernel, { numeric: true }).split('\n').filter((l) => l.startsWith('TCP'));
    expect(services).toEqual(['TCP  172.17.0.1:31966 rr', 'TCP  192.168.88.100:31966 rr', 'TCP  10.96.0.1:443 rr']);
  });

  it('names ports from /etc/services without -n and keeps addresses numeric', () => {
    const kernel = new IpvsKernel(IpvsTable.of([vs('TCP', '10.96.0.1', 443, ['172.200.1.200:6443']), vs('UDP', '10.96.0.10', 53, ['10.244.0.6:53'])]));
    expect(formatIpvsadmList(kernel, { numeric: false })).toBe(`IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  10.96.0.1:https rr
  -> 172.200.1.200:6443           Masq    1      0          0         
UDP  10.96.0.10:domain rr
  -> 10.244.0.6:domain            Masq    1      0          0         
`);
  });

  it('prints mh with the mh-port flag kube-proxy sets', () => {
    const kernel = new IpvsKernel(IpvsTable.of([vs('TCP', '10.96.0.1', 443, ['172.200.1.200:6443'], { scheduler: 'mh', flags: { flag2: true } })]));
    expect(formatIpvsadmList(kernel, { numeric: true }).split('\n')[3]).toBe('TCP  10.96.0.1:443 mh (mh-port)');
  });
});

describe('ipvsadm -Ln --stats and -Lnc', () => {
  const kernel = new IpvsKernel(IpvsTable.of([vs('TCP', '10.96.0.1', 443, ['172.200.1.200:6443'], { persistentTimeout: 10800 })]));
  const r = kernel.schedule({ protocol: 'TCP', src: '10.244.1.5', sport: 43210, dst: '10.96.0.1', dport: 443 }, 100);
  if (r.kind !== 'new') throw new Error(r.kind);
  kernel.packet(r.conn, 'in', 100, 60, 'SYN');
  kernel.packet(r.conn, 'out', 100, 60, 'SYN,ACK');
  kernel.packet(r.conn, 'in', 101, 52, 'ACK');

  it('counts connections, packets and bytes per service and real server', () => {
    expect(formatIpvsadmList(kernel, { numeric: true, stats: true })).toBe(`IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
  -> RemoteAddress:Port
TCP  10.96.0.1:443                       1        2        1      112       60
  -> 172.200.1.200:6443                  1        2        1      112       60
`);
  });

  it('lists the connection and its persistence template with the time left', () => {
    expect(formatIpvsadmConnections(kernel, 160, true)).toBe(`IPVS connection entries
pro expire state       source             virtual            destination
TCP 179:00 NONE        10.244.1.5:0       10.96.0.1:443      172.200.1.200:6443
TCP 14:01  ESTABLISHED 10.244.1.5:43210   10.96.0.1:443      172.200.1.200:6443
`);
  });
});

describe('ipvsadm -Ln -t VIP:PORT', () => {
  it('prints one service under the titles, without the banner, or says there is none', () => {
    const kernel = new IpvsKernel(IpvsTable.of([vs('TCP', '10.96.0.1', 443, ['172.200.1.200:6443'])]));
    expect(formatIpvsadmService(kernel, 'TCP', '10.96.0.1', 443, { numeric: true })).toEqual({ ok: true, text: `Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  10.96.0.1:443 rr
  -> 172.200.1.200:6443           Masq    1      0          0         
` });
    expect(formatIpvsadmService(kernel, 'UDP', '10.96.0.1', 443, { numeric: true })).toEqual({ ok: false, error: 'No such service' });
  });
});

describe('msort', () => {
  it('is stable like glibc’s merge sort', () => {
    const items = [{ k: 1, i: 0 }, { k: 0, i: 1 }, { k: 1, i: 2 }, { k: 0, i: 3 }];
    expect(msort(items, (a, b) => a.k - b.k).map((x) => x.i)).toEqual([1, 3, 0, 2]);
  });
});
