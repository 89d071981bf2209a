import { describe, it, expect } from 'vitest';
import { printGet } from './get.ts';
import { fakeCluster } from './testing/fake-cluster.ts';
import { configMap, deployment, endpoints, group, node, pendingPod, runningPod, slice, svc } from './testing/builders.ts';

const cluster = fakeCluster([]);
const DAY = 86400;

describe('kubectl get services', () => {
  const services = [
    svc('kubernetes', 5 * DAY, { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ port: 443, protocol: 'TCP' }] }),
    svc('web', 130, { type: 'NodePort', clusterIP: '10.96.45.10', clusterIPs: ['10.96.45.10'], selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30086, protocol: 'TCP' }] }),
    svc('db', 40, { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 5432, protocol: 'TCP' }] }),
    svc('lb', 15, { type: 'LoadBalancer', clusterIP: '10.96.7.200', clusterIPs: ['10.96.7.200'], ports: [{ port: 80, nodePort: 31234, protocol: 'TCP' }, { port: 443, nodePort: 30443, protocol: 'TCP' }] }),
    svc('mydb', 3, { type: 'ExternalName', externalName: 'db.example.com' }),
  ];

  it('prints the reference table (section 11.2)', () => {
    const r = printGet([group('Service', services)], {}, cluster);
    expect(r.stdout).toBe(
      'NAME         TYPE           CLUSTER-IP    EXTERNAL-IP      PORT(S)                      AGE\n' +
        'kubernetes   ClusterIP      10.96.0.1     <none>           443/TCP                      5d\n' +
        'web          NodePort       10.96.45.10   <none>           80:30086/TCP                 2m10s\n' +
        'db           ClusterIP      None          <none>           5432/TCP                     40s\n' +
        'lb           LoadBalancer   10.96.7.200   <pending>        80:31234/TCP,443:30443/TCP   15s\n' +
        'mydb         ExternalName   <none>        db.example.com   <none>                       3s\n',
    );
    expect(r.stderr).toBe('');
  });

  it('adds SELECTOR with -o wide', () => {
    const r = printGet([group('Service', services.slice(0, 2))], { output: 'wide' }, cluster);
    expect(r.stdout).toBe(
      'NAME         TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE     SELECTOR\n' +
        'kubernetes   ClusterIP   10.96.0.1     <none>        443/TCP        5d      <none>\n' +
        'web          NodePort    10.96.45.10   <none>        80:30086/TCP   2m10s   app=web\n',
    );
  });

  it('clips long load-balancer ingress lists unless wide', () => {
    const lb = svc('lb', 15, { type: 'LoadBalancer', clusterIPs: ['10.96.7.200'], ports: [{ port: 80, nodePort: 31234 }] }, {
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }, { ip: '203.0.113.9' }] } },
    });
    expect(printGet([group('Service', [lb])], {}, cluster).stdout).toContain('   203.0.113.10,...   ');
    expect(printGet([group('Service', [lb])], { output: 'wide' }, cluster).stdout).toContain('   203.0.113.10,203.0.113.9   ');
  });

  it('says No resources found in the namespace on stderr', () => {
    const r = printGet([group('Service', [])], { namespace: 'myservice' }, cluster);
    expect(r).toEqual({ stdout: '', stderr: 'No resources found in myservice namespace.\n', exitCode: 0 });
    expect(printGet([group('Service', [])], { allNamespaces: true }, cluster).stderr).toBe('No resources found\n');
    expect(printGet([group('Node', [])], {}, cluster).stderr).toBe('No resources found\n');
  });

  it('prints the seed 001 service table', () => {
    const s = svc('mynginx-service', 3, { type: 'ClusterIP', clusterIP: '10.102.60.144', clusterIPs: ['10.102.60.144'], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }] });
    expect(printGet([group('Service', [s])], {}, cluster).stdout).toBe(
      'NAME              TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE\n' + 'mynginx-service   ClusterIP   10.102.60.144   <none>        80/TCP    3s\n',
    );
  });
});

describe('kubectl get endpoints and endpointslices', () => {
  it('lists ready ip:port pairs and warns that v1 Endpoints is deprecated', () => {
    const eps = [
      endpoints('kubernetes', 5 * DAY, [{ addresses: [{ ip: '192.168.0.2' }], ports: [{ port: 6443, protocol: 'TCP' }] }]),
      endpoints('web', 130, [{ addresses: [{ ip: '10.244.1.5' }, { ip: '10.244.2.7' }], ports: [{ port: 8080 }] }]),
      endpoints('empty', 60, undefined),
      endpoints('notready', 60, [{ notReadyAddresses: [{ ip: '10.244.1.9' }], ports: [{ port: 80 }] }]),
    ];
    const r = printGet([group('Endpoints', eps)], {}, cluster);
    expect(r.stderr).toBe('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n');
    expect(r.stdout).toBe(
      'NAME         ENDPOINTS                         AGE\n' +
        'kubernetes   192.168.0.2:6443                  5d\n' +
        'web          10.244.1.5:8080,10.244.2.7:8080   2m10s\n' +
        'empty        <none>                            60s\n' +
        'notready                                       60s\n',
    );
  });

  it('shows three endpoints then + N more...', () => {
    const ep = endpoints('big', 10, [{ addresses: ['1', '2', '3', '4', '5'].map((n) => ({ ip: `10.0.0.${n}` })), ports: [{ port: 80 }] }]);
    expect(printGet([group('Endpoints', [ep])], {}, cluster).stdout).toContain('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...');
  });

  it('prints slices with <unset> for a placeholder', () => {
    const slices = [
      slice('kubernetes', 'kubernetes', 5 * DAY, [{ name: 'https', port: 6443, protocol: 'TCP' }], [{ addresses: ['192.168.0.2'] }]),
      slice('web-7x2lq', 'web', 130, [{ name: '', port: 8080, protocol: 'TCP' }], [{ addresses: ['10.244.1.5'] }, { addresses: ['10.244.2.7'], conditions: { ready: false } }]),
      slice('empty-9kq2d', 'empty', 60, [], []),
    ];
    expect(printGet([group('EndpointSlice', slices)], {}, cluster).stdout).toBe(
      'NAME          ADDRESSTYPE   PORTS     ENDPOINTS               AGE\n' +
        'kubernetes    IPv4          6443      192.168.0.2             5d\n' +
        'web-7x2lq     IPv4          8080      10.244.1.5,10.244.2.7   2m10s\n' +
        'empty-9kq2d   IPv4          <unset>   <unset>                 60s\n',
    );
  });
});

describe('kubectl get pods', () => {
  it('prints the -o wide table of section 11.5', () => {
    const pods = [
      runningPod('web-6d8f7c9b4-abcde', 130, { ip: '10.244.1.5', node: 'w1' }),
      runningPod('web-6d8f7c9b4-fghij', 130, { ip: '10.244.2.7', node: 'w2', ready: false, restarts: 2, lastRestartSec: 30 }),
      pendingPod('pending-pod', 5),
    ];
    expect(printGet([group('Pod', pods)], { output: 'wide' }, cluster).stdout).toBe(
      'NAME                  READY   STATUS    RESTARTS      AGE     IP           NODE     NOMINATED NODE   READINESS GATES\n' +
        'web-6d8f7c9b4-abcde   1/1     Running   0             2m10s   10.244.1.5   w1       <none>           <none>\n' +
        'web-6d8f7c9b4-fghij   0/1     Running   2 (30s ago)   2m10s   10.244.2.7   w2       <none>           <none>\n' +
        'pending-pod           0/1     Pending   0             5s      <none>       <none>   <none>           <none>\n',
    );
  });

  it('prints seed 001 pods with --show-labels after -o wide columns', () => {
    const labels = { app: 'mynginx', 'pod-template-hash': '55ffb645f8' };
    const pods = [
      runningPod('mynginx-deploy-55ffb645f8-cpjrf', 458, { ip: '10.244.1.11', node: 'node201.yinzhengjie.org.cn', labels }),
      runningPod('mynginx-deploy-55ffb645f8-gbvdt', 458, { ip: '10.244.2.10', node: 'node202.yinzhengjie.org.cn', labels }),
    ];
    expect(printGet([group('Pod', pods)], { output: 'wide', showLabels: true }, cluster).stdout).toBe(
      'NAME                              READY   STATUS    RESTARTS   AGE     IP            NODE                         NOMINATED NODE   READINESS GATES   LABELS\n' +
        'mynginx-deploy-55ffb645f8-cpjrf   1/1     Running   0          7m38s   10.244.1.11   node201.yinzhengjie.org.cn   <none>           <none>            app=mynginx,pod-template-hash=55ffb645f8\n' +
        'mynginx-deploy-55ffb645f8-gbvdt   1/1     Running   0          7m38s   10.244.2.10   node202.yinzhengjie.org.cn   <none>           <none>            app=mynginx,pod-template-hash=55ffb645f8\n',
    );
  });

  it('adds NAMESPACE with -A and label columns with -L', () => {
    const pods = [runningPod('coredns-1', 100, { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }), runningPod('web', 100)];
    expect(printGet([group('Pod', pods)], { allNamespaces: true, labelColumns: ['k8s-app', 'app.kubernetes.io/name'] }, cluster).stdout).toBe(
      'NAMESPACE     NAME        READY   STATUS    RESTARTS   AGE    K8S-APP    NAME\n' +
        'kube-system   coredns-1   1/1     Running   0          100s   kube-dns   \n' +
        'default       web         1/1     Running   0          100s              \n',
    );
  });

  it('marks a deleting pod Terminating', () => {
    const p = runningPod('x', 10);
    p.metadata.deletionTimestamp = '2025-06-01T12:00:00Z';
    expect(printGet([group('Pod', [p])], {}, cluster).stdout).toContain('Terminating');
  });
});

describe('kubectl get for other kinds', () => {
  it('prints nodes with roles and wide columns', () => {
    const r = printGet([group('Node', [node('cp', '192.168.0.2', 'control-plane'), node('w1', '192.168.0.3')])], { output: 'wide' }, cluster);
    expect(r.stdout).toBe(
      'NAME   STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME\n' +
        'cp     Ready    control-plane   5d    v1.33.1   192.168.0.2   <none>        Debian GNU/Linux 12 (bookworm)   6.1.0-37-amd64   containerd://1.7.24\n' +
        'w1     Ready    <none>          5d    v1.33.1   192.168.0.3   <none>        Debian GNU/Linux 12 (bookworm)   6.1.0-37-amd64   containerd://1.7.24\n',
    );
  });

  it('prints deployments with wide CONTAINERS, IMAGES, SELECTOR', () => {
    expect(printGet([group('Deployment', [deployment('mynginx-deploy', 30, 3, 2)])], { output: 'wide' }, cluster).stdout).toBe(
      'NAME             READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS       IMAGES              SELECTOR\n' +
        'mynginx-deploy   2/3     3            2           30s   mynginx-deploy   nginx:1.14-alpine   app=mynginx-deploy\n',
    );
  });

  it('cuts a cell at its first line break with ... and shows ESC as ^[ (tableprinter.go printTable)', () => {
    const d = deployment('web', 30, 1, 1);
    d.spec.template.spec.containers[0].image = 'nginx\x1b[2J\nsecond line';
    expect(printGet([group('Deployment', [d])], { output: 'wide' }, cluster).stdout).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES          SELECTOR\n' +
        'web    1/1     1            1           30s   web          nginx^[[2J...   app=web\n',
    );
  });

  it('prints the seed 001 configmap table', () => {
    const cms = [configMap('coredns', 315000, 1), configMap('extension-apiserver-authentication', 315000, 6), configMap('kube-proxy', 315000, 2)];
    expect(printGet([group('ConfigMap', cms)], {}, cluster).stdout).toBe(
      'NAME                                 DATA   AGE\n' +
        'coredns                              1      3d15h\n' +
        'extension-apiserver-authentication   6      3d15h\n' +
        'kube-proxy                           2      3d15h\n',
    );
  });

  it('prints several kinds with kind/name and a blank line between groups', () => {
    const r = printGet(
      [group('Deployment', [deployment('web', 30, 1, 1)]), group('Service', [svc('web', 30, { type: 'ClusterIP', clusterIPs: ['10.96.0.20'], ports: [{ port: 80 }] })])],
      {},
      cluster,
    );
    expect(r.stdout).toBe(
      'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\n' +
        'deployment.apps/web   1/1     1            1           30s\n' +
        '\n' +
        'NAME          TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n' +
        'service/web   ClusterIP   10.96.0.20   <none>        80/TCP    30s\n',
    );
  });

  it('skips empty groups without a stray blank line and omits headers with --no-headers', () => {
    const r = printGet([group('Pod', []), group('Service', [svc('a', 1, { clusterIPs: ['10.96.0.9'], ports: [{ port: 80 }] })])], { noHeaders: true }, cluster);
    expect(r.stdout).toBe('service/a   ClusterIP   10.96.0.9   <none>   80/TCP   1s\n');
  });
});
