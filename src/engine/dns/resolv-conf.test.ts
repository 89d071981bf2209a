import { describe, it, expect } from 'vitest';
import type { Pod } from '../api/core.ts';
import { clusterDnsIP, etcHosts, formatEtcHosts, formatResolvConf, podDnsConfig, resolverOptions } from './resolv-conf.ts';

const host = { nameservers: ['172.200.1.254'], searches: ['localdomain', 'org.cn'], options: ['edns0'] };
const inputs = { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', host };
const pod = (spec: Partial<Pod['spec']> = {}, ns = 'default'): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: ns }, spec: { containers: [{ name: 'c' }], ...spec }, status: { podIP: '10.244.1.5' } });
const text = (p: Pod) => formatResolvConf(podDnsConfig(p, inputs).config);

describe('resolv.conf per dnsPolicy', () => {
  it('the cluster DNS address is the tenth of the Service CIDR', () => {
    expect(clusterDnsIP('10.96.0.0/12')).toBe('10.96.0.10');
    expect(clusterDnsIP('10.100.0.0/16')).toBe('10.100.0.10');
  });
  it('ClusterFirst (the default): cluster searches, then the node\'s; the cluster DNS; ndots:5', () => {
    expect(text(pod({}, 'prod'))).toBe('search prod.svc.cluster.local svc.cluster.local cluster.local localdomain org.cn\nnameserver 10.96.0.10\noptions ndots:5\n');
  });
  it('Default, and ClusterFirst with hostNetwork: the node\'s file', () => {
    const node = 'search localdomain org.cn\nnameserver 172.200.1.254\noptions edns0\n';
    expect(text(pod({ dnsPolicy: 'Default' }))).toBe(node);
    expect(text(pod({ hostNetwork: true }))).toBe(node);
  });
  it('ClusterFirstWithHostNet: the cluster DNS even on the host network', () => {
    expect(text(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }))).toBe('search default.svc.cluster.local svc.cluster.local cluster.local localdomain org.cn\nnameserver 10.96.0.10\noptions ndots:5\n');
  });
  it('None: dnsConfig only', () => {
    expect(text(pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['a.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } }))).toBe('search a.example\nnameserver 1.1.1.1\noptions ndots:2 edns0\n');
    expect(text(pod({ dnsPolicy: 'None' }))).toBe('');
  });
  it('dnsConfig merges: searches appended without duplicates, options overriding', () => {
    expect(text(pod({ dnsConfig: { searches: ['cluster.local', 'extra.example'], options: [{ name: 'ndots', value: '2' }, { name: 'timeout', value: '1' }] } }))).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local localdomain org.cn extra.example\nnameserver 10.96.0.10\noptions ndots:2 timeout:1\n',
    );
  });
  it('more than 32 search domains: cut, with the kubelet\'s warning', () => {
    const searches = Array.from({ length: 40 }, (_, i) => `d${i}.example`);
    const r = podDnsConfig(pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4'], searches } }), inputs);
    expect(r.config.searches).toHaveLength(32);
    expect(r.config.nameservers).toEqual(['1.1.1.1', '1.0.0.1', '8.8.8.8']);
    expect(r.events.map((e) => e.message)).toEqual([
      'Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 1.1.1.1 1.0.0.1 8.8.8.8',
      `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${searches.slice(0, 32).join(' ')}`,
    ]);
  });
  it('a search line over 2048 characters loses domains from the end', () => {
    const searches = Array.from({ length: 10 }, (_, i) => `${String(i).repeat(250)}.x`.slice(0, 250));
    const r = podDnsConfig(pod({ dnsPolicy: 'None', dnsConfig: { searches } }), inputs);
    expect(r.config.searches.join(' ').length).toBeLessThanOrEqual(2048);
    expect(r.config.searches).toEqual(searches.slice(0, 8));
  });
  it('resolver options: ndots, timeout, attempts with their defaults', () => {
    expect(resolverOptions({ nameservers: [], searches: [], options: ['ndots:5'] })).toEqual({ ndots: 5, timeout: 5, attempts: 2 });
    expect(resolverOptions({ nameservers: [], searches: [], options: [] })).toEqual({ ndots: 1, timeout: 5, attempts: 2 });
  });
});

describe('/etc/hosts', () => {
  it('the kubelet-managed file: localhost lines, then the pod', () => {
    expect(formatEtcHosts(etcHosts(pod(), 'cluster.local'))).toBe(
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.244.1.5\tp\n',
    );
  });
  it('hostname and subdomain give the fully qualified name first', () => {
    expect(etcHosts(pod({ hostname: 'web-0', subdomain: 'web' }), 'cluster.local').at(-1)).toEqual({ ip: '10.244.1.5', names: ['web-0.web.default.svc.cluster.local', 'web-0'] });
  });
});
