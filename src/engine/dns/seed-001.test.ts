/**
 * Seed 001's nslookup outputs (/work/shared/seeds/001_*.txt lines 1032-1036 and 1081-1087), from
 * a pod of scenario 001-mynginx: CoreDNS answering through the pod's resolver, busybox 1.28 on musl.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSession } from '../index.ts';
import { answer } from './coredns.ts';
import { pluginOptionsForImage, KUBEADM_V133_PLUGIN } from './kubernetes-records.ts';
import { clusterDnsIP, DEFAULT_NODE_RESOLV_CONF, etcHosts, formatResolvConf, podDnsConfig } from './resolv-conf.ts';
import { nslookupBusyboxOld } from './tools/nslookup-busybox-old.ts';
import { imageDnsFlavor } from './tools/flavor.ts';
import type { KubernetesPluginOptions } from './kubernetes-records.ts';

const text = readFileSync(new URL('../../scenarios/001-mynginx.yaml', import.meta.url), 'utf8');
const DIR = '/yinzhengjie/data/k8s/manifests/basic';

function session() {
  const s = createSession({ scenario: text, scenarioFile: '001-mynginx.yaml' });
  for (const line of ['kubectl create namespace myservice', `kubectl apply -f ${DIR}/pod/mynginx-deploy.yaml`]) expect(s.run(line).exitCode).toBe(0);
  return s;
}

function lookupFrom(s: ReturnType<typeof session>, podIP: string, plugin: KubernetesPluginOptions, draw: () => number) {
  const c = s.cluster;
  const pod = c.list('Pod', 'myservice').find((p) => p.status?.podIP === podIP)!;
  const { config } = podDnsConfig(pod, { clusterDNS: [clusterDnsIP(c.settings.serviceSubnet)], clusterDomain: c.settings.dnsDomain, host: DEFAULT_NODE_RESOLV_CONF });
  const flavor = imageDnsFlavor(pod.spec.containers[0].image);
  expect(flavor).toMatchObject({ nslookup: 'busybox-old', libc: 'musl' });
  return {
    config,
    run: (name: string) => nslookupBusyboxOld(name, { config, send: (q) => answer(c, q, draw, { plugin }), hosts: etcHosts(pod, c.settings.dnsDomain), podIP }, 'musl'),
  };
}

describe('seed 001: nslookup from an nginx:1.14-alpine pod', () => {
  it("the pod's resolv.conf: the seed's lines, in containerd's order (search first)", () => {
    const s = session();
    const { config } = lookupFrom(s, '10.244.1.11', KUBEADM_V133_PLUGIN, () => 0);
    // The seed's docker runtime wrote nameserver first; containerd (v1.33) writes search first.
    expect(formatResolvConf(config)).toBe('search myservice.svc.cluster.local svc.cluster.local cluster.local localdomain org.cn\nnameserver 10.96.0.10\noptions ndots:5\n');
  });

  it('a normal Service: its ClusterIP and the reverse name', () => {
    const s = session();
    expect(s.run(`kubectl apply -f ${DIR}/service/mynginx-service-nodeport.yaml`).exitCode).toBe(0);
    const ip = s.cluster.get('Service', 'myservice', 'mynginx-service')!.spec.clusterIP!;
    const r = lookupFrom(s, '10.244.1.11', KUBEADM_V133_PLUGIN, () => 0).run('mynginx-service');
    expect(r.output).toBe(`nslookup: can't resolve '(null)': Name does not resolve\n\nName:      mynginx-service\nAddress 1: ${ip} mynginx-service.myservice.svc.cluster.local\n`);
    expect(r.stderr).toBe("nslookup: can't resolve '(null)': Name does not resolve\n");
    expect(r.exitCode).toBe(0);
    // One search step: A and AAAA for mynginx-service.myservice.svc.cluster.local, then the PTR.
    expect(r.queries.map((q) => `${q.query.type} ${q.query.name}`)).toEqual([
      'A mynginx-service.myservice.svc.cluster.local.',
      'AAAA mynginx-service.myservice.svc.cluster.local.',
      `PTR ${ip.split('.').reverse().join('.')}.in-addr.arpa.`,
    ]);
  });

  const SEED_HEADLESS =
    "nslookup: can't resolve '(null)': Name does not resolve\n\nName:      mynginx-service\n" +
    'Address 1: 10.244.1.11 mynginx-deploy-55ffb645f8-cpjrf\n' +
    'Address 2: 10.244.3.4 10-244-3-4.mynginx-service.myservice.svc.cluster.local\n' +
    'Address 3: 10.244.2.10 10-244-2-10.mynginx-service.myservice.svc.cluster.local\n';

  it('headless, exactly as the seed (CoreDNS answering PTR for endpoints, as every version but v1.12.0 does)', () => {
    const s = session();
    expect(s.run(`kubectl apply -f ${DIR}/service/mynginx-service-headless.yaml`).exitCode).toBe(0);
    const self = s.cluster.list('Pod', 'myservice').find((p) => p.status?.podIP === '10.244.1.11')!.metadata.name;
    // loadbalance draws: keep 10.244.3.4 ahead of 10.244.2.10 (musl then puts the pod's own address first).
    const orders = [0, 0.25, 0.5, 0.75].map((d) => lookupFrom(s, '10.244.1.11', pluginOptionsForImage('coredns:v1.6.5'), () => d).run('mynginx-service').output);
    const expected = SEED_HEADLESS.replace('mynginx-deploy-55ffb645f8-cpjrf', self);
    expect(orders).toContain(expected);
    for (const o of orders) expect(o.split('\n')[3]).toBe(`Address 1: 10.244.1.11 ${self}`);
  });

  it('headless on v1.33 (CoreDNS v1.12.0): endpoint addresses without hostname have no reverse name', () => {
    const s = session();
    expect(s.run(`kubectl apply -f ${DIR}/service/mynginx-service-headless.yaml`).exitCode).toBe(0);
    const self = s.cluster.list('Pod', 'myservice').find((p) => p.status?.podIP === '10.244.1.11')!.metadata.name;
    const outs = [0, 0.25, 0.5, 0.75].map((d) => lookupFrom(s, '10.244.1.11', KUBEADM_V133_PLUGIN, () => d).run('mynginx-service').output);
    expect(outs).toContain(`nslookup: can't resolve '(null)': Name does not resolve\n\nName:      mynginx-service\nAddress 1: 10.244.1.11 ${self}\nAddress 2: 10.244.3.4\nAddress 3: 10.244.2.10\n`);
  });
});
