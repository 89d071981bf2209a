import { describe, it, expect } from 'vitest';
import { createSession } from '../session.ts';
import { withProxyMode } from '../scenario/proxy-mode.ts';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: client-1
spec:
  nodeName: node201
  containers:
  - name: app
    image: nginx:1.27
`;

describe('nft on a node', () => {
  it('lists kube-proxy\'s table in nftables mode, and says nft has no such table otherwise', () => {
    const s = createSession({ scenario: withProxyMode(POD, 'nftables') });
    const tables = s.run('nft list tables');
    expect(tables.stdout).toBe('table ip kube-proxy\n');
    expect(s.run('nft list table ip kube-proxy').stdout).toMatch(/^table ip kube-proxy \{\n\tcomment "rules for kube-proxy"\n/);
    const missing = s.run('nft list table ip nat-foo');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe('Error: No such file or directory\nlist table ip nat-foo\n              ^^^^^^^\n');
  });

  it('holds no kube-proxy table in iptables mode (the iptables-nft tables are iptables-save\'s business)', () => {
    const s = createSession({ scenario: POD });
    const r = s.run('nft list ruleset');
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('svcsim: the iptables-nft tables of kubelet and flannel are not listed here; see iptables-save\n');
  });

  it('fails in a pod without CAP_NET_ADMIN as nft fails to fill its cache', () => {
    const s = createSession({ scenario: withProxyMode(POD, 'nftables') });
    const r = s.run('kubectl exec client-1 -- nft list ruleset');
    expect(r.stderr).toBe('netlink: Error: cache initialization failed: Operation not permitted\ncommand terminated with exit code 1\n');
  });
});
