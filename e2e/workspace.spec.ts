import { test, expect } from './fixtures.ts';

test.describe('workspace page', () => {
  test('opens on the default cluster and shows its nodes and the cluster Services', async ({ workspace }) => {
    await workspace.open();

    const out = workspace.clusterOutput;
    // kubectl prefixes NAME with the resource when one command lists several kinds.
    await expect(out).toContainText(/node\/master200\s+Ready\s+control-plane\s/);
    await expect(out).toContainText(/node\/node201\s+Ready\s+<none>\s/);
    await expect(out).toContainText(/kube-system\s+pod\/coredns-\S+\s+1\/1\s+Running\s/);
    await expect(out).toContainText(/default\s+service\/kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s/);
    await expect(out).toContainText(
      /kube-system\s+service\/kube-dns\s+ClusterIP\s+10\.96\.0\.10\s+<none>\s+53\/UDP,53\/TCP,9153\/TCP\s/,
    );
  });

  test('the header names the default cluster and its kube-proxy mode', async ({ workspace }) => {
    await workspace.open();
    expect(await workspace.header()).toEqual({ title: undefined, proxyMode: 'iptables' });
    await expect(workspace.title).toHaveText('Default cluster');
    await expect(workspace.proxyMode).toHaveText('iptables');
  });

  test('a console line typed and entered prints kube-dns in the kube-system Services', async ({ workspace }) => {
    await workspace.open();
    await workspace.type('kubectl get svc -n kube-system');

    const entry = workspace.lastEntry();
    await expect(entry).toContainText('kubectl get svc -n kube-system');
    await expect(entry).toContainText(/NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE/);
    await expect(entry).toContainText(/kube-dns\s+ClusterIP\s+10\.96\.0\.10\s+<none>\s+53\/UDP,53\/TCP,9153\/TCP\s/);
    await expect(entry).toHaveAttribute('data-exit-code', '0');
    await expect(workspace.consoleInput).toHaveValue('');
  });

  test('a pipeline and a list run as bash runs them, both streams in the order written', async ({ workspace }) => {
    await workspace.open();
    await workspace.type('kubectl get pods -A | grep -c coredns');
    await expect(workspace.lastEntry()).toHaveText(/kubectl get pods -A \| grep -c coredns\s*2\s*$/);
    await workspace.type('kubectl get svc nope; echo after');
    const entry = workspace.lastEntry();
    await expect(entry).toContainText('Error from server (NotFound): services "nope" not found\nafter');
    await expect(entry).toHaveAttribute('data-exit-code', '0');
  });

  test("kubectl exec -it POD -- sh leaves the console in the pod's shell until exit, its prompt showing where lines run", async ({ workspace }) => {
    await workspace.open();
    await workspace.type('kubectl run client --image=busybox -- sleep 3600');
    await workspace.type('kubectl exec -it client -- sh');
    await expect(workspace.consolePrompt).toHaveText('/ # ');
    await workspace.type('hostname');
    await expect(workspace.lastEntry()).toHaveText(/^\/ # hostname\s*client\s*$/);
    // The cluster view is still read on the control plane.
    await expect(workspace.clusterOutput).toContainText('client');
    await workspace.type('exit');
    await expect(workspace.consolePrompt).toHaveText('[root@master200 ~]# ');
  });

  test('the console recalls the previous line with the Up key', async ({ workspace }) => {
    await workspace.open();
    await workspace.type('kubectl get ns');
    await expect(workspace.consoleEntries).toHaveCount(1);
    await workspace.consoleInput.press('ArrowUp');
    await expect(workspace.consoleInput).toHaveValue('kubectl get ns');
  });

  test('slash focuses the console from anywhere on the page', async ({ workspace, page }) => {
    await workspace.open();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    await expect(workspace.consoleInput).toBeFocused();
    await expect(workspace.consoleInput).toHaveValue('');
  });

  test('the test facade runs a line and the console shows it like a typed one', async ({ workspace }) => {
    await workspace.open();
    const result = await workspace.run('kubectl get svc kubernetes');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s/);
    await expect(workspace.lastEntry()).toContainText('kubectl get svc kubernetes');
  });
});
