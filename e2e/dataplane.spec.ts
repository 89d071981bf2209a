import { test, expect } from './fixtures.ts';

test.describe('the data plane in the browser console', () => {
  test('curl through a NodePort from the outside client shows the pod that answered and the masqueraded source', async ({ workspace }) => {
    await workspace.open();
    await workspace.type('kubectl create deployment web --image=traefik/whoami --port=80 --replicas=2');
    await workspace.type('kubectl expose deploy web --port=80 --type=NodePort');
    const nodePort = (await workspace.run('kubectl get svc web -o jsonpath={.spec.ports[0].nodePort}')).stdout;
    await workspace.type(`ssh client curl -s 172.200.1.203:${nodePort}`);

    const entry = workspace.lastEntry();
    await expect(entry).toHaveAttribute('data-exit-code', '0');
    await expect(entry).toContainText(/Hostname: web-[a-z0-9]+-[a-z0-9]{5}/);
    // externalTrafficPolicy Cluster: node203 masquerades the client to its own address (flannel.1's).
    await expect(entry).toContainText('RemoteAddr: 10.244.3.0:');
  });

  test('iptables-save on the control plane lists kube-proxy chains with their hashed names', async ({ workspace }) => {
    await workspace.open();
    await workspace.type('iptables-save -t nat');
    const entry = workspace.lastEntry();
    await expect(entry).toContainText('-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y');
  });
});
