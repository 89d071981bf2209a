/**
 * Seed 001 (/work/shared/seeds/001_*.txt): 尹正杰's mynginx tutorial, line by line, against
 * the built-in scenario 001-mynginx. Where v1.33 prints something else than the 2020 cluster
 * of the tutorial (reference /work/shared/reference/kubernetes-services.md §6.3, §6.5, §11),
 * the expected text is v1.33's and a comment says why. AGE cells, the pods' random
 * suffixes, the ReplicaSet hash and the randomly allocated ClusterIPs come from the actual
 * output, checked for their shape; everything else is compared exactly.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type { Session } from '../engine/index.ts';
import { AGE, SAFE, column, expectedTable, inCidr, ipValue, maskServerFields, substitute } from './testing/golden.ts';
import { ENDPOINTS_WARNING, outcome, scenarioFile, scenarioSession } from './testing/scenario-session.ts';

const DIR = '/yinzhengjie/data/k8s/manifests/basic';
const DEPLOY = `${DIR}/pod/mynginx-deploy.yaml`;
const SVC_TYPO = `${DIR}/service/mynginx-service.yaml`;
const SVC_CLUSTERIP = `${DIR}/service/mynginx-service-clusterip.yaml`;
const SVC_NODEPORT = `${DIR}/service/mynginx-service-nodeport.yaml`;
const SVC_HEADLESS = `${DIR}/service/mynginx-service-headless.yaml`;

/** The tutorial's pod names, by the address each got. */
const TUTORIAL_PODS: Record<string, string> = {
  '10.244.1.11': 'mynginx-deploy-55ffb645f8-cpjrf',
  '10.244.2.10': 'mynginx-deploy-55ffb645f8-gbvdt',
  '10.244.3.4': 'mynginx-deploy-55ffb645f8-ptm8h',
};
const TUTORIAL_HASH = '55ffb645f8';

describe('seed 001: mynginx with ClusterIP, NodePort and headless Services', () => {
  let session: Session;
  /** Tutorial names and hash -> the actual ones, filled by the first `get pod -o wide`. */
  const rename = new Map<string, string>();
  const run = (line: string) => session.run(line);

  beforeAll(() => {
    session = scenarioSession('001-mynginx');
  });

  it('loads without problems', () => {
    expect(session.problems).toEqual([]);
  });

  it('kubectl explain service: the v1.33 layout, with the same fields as the tutorial', () => {
    // v1.33 explains from OpenAPI v3 with its own template (kubectl pkg/explain/v2/templates/
    // plaintext.tmpl): `KIND:       Service`, fields as `  name\t<Type>`; the tutorial's
    // kubectl printed `KIND:     Service` and `   apiVersion    <string>`.
    const r = run('kubectl explain service');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('KIND:       Service\nVERSION:    v1\n\nDESCRIPTION:\n    Service is a named abstraction of software service (for example, mysql)\n')).toBe(true);
    const fields = r.stdout.split('\n').filter((l) => /^ {2}\S+\t</.test(l));
    expect(fields).toEqual(['  apiVersion\t<string>', '  kind\t<string>', '  metadata\t<ObjectMeta>', '  spec\t<ServiceSpec>', '  status\t<ServiceStatus>']);
  });

  it('cat shows the Deployment manifest', () => {
    expect(outcome(run(`cat ${DEPLOY}`))).toEqual({ exitCode: 0, stdout: scenarioFile('001-mynginx', DEPLOY), stderr: '' });
  });

  it('kubectl create namespace myservice', () => {
    expect(outcome(run('kubectl create namespace myservice'))).toEqual({ exitCode: 0, stdout: 'namespace/myservice created\n', stderr: '' });
  });

  it('kubectl apply -f mynginx-deploy.yaml', () => {
    expect(outcome(run(`kubectl apply -f ${DEPLOY}`))).toEqual({ exitCode: 0, stdout: 'deployment.apps/mynginx-deploy created\n', stderr: '' });
  });

  it('kubectl get pod -n myservice -o wide: one pod per worker at the tutorial\'s addresses', () => {
    const r = run('kubectl get pod -n myservice -o wide');
    expect(r.stderr).toBe('');
    const names = column(r.stdout, 'NAME');
    const ips = column(r.stdout, 'IP');
    expect([...ips].sort()).toEqual(['10.244.1.11', '10.244.2.10', '10.244.3.4']);
    const shape = new RegExp(`^mynginx-deploy-(${SAFE}{1,10})-${SAFE}{5}$`);
    const hashes = new Set(names.map((n) => shape.exec(n)?.[1]));
    expect(hashes.size).toBe(1);
    const [hash] = [...hashes];
    expect(hash).toBeDefined();
    names.forEach((name, i) => rename.set(TUTORIAL_PODS[ips[i]], name));
    rename.set(TUTORIAL_HASH, hash ?? '');
    const tutorial = `NAME                              READY   STATUS    RESTARTS   AGE   IP            NODE                         NOMINATED NODE   READINESS GATES
mynginx-deploy-55ffb645f8-cpjrf   1/1     Running   0          30s   10.244.1.11   node201.yinzhengjie.org.cn   <none>           <none>
mynginx-deploy-55ffb645f8-gbvdt   1/1     Running   0          30s   10.244.2.10   node202.yinzhengjie.org.cn   <none>           <none>
mynginx-deploy-55ffb645f8-ptm8h   1/1     Running   0          30s   10.244.3.4    node203.yinzhengjie.org.cn   <none>           <none>
`;
    expect(r.stdout).toBe(expectedTable(r.stdout, tutorial, { fromActual: ['AGE'], rename, sortByName: true }));
    for (const age of column(r.stdout, 'AGE')) expect(age).toMatch(AGE);
  });

  it('kubectl get pod -n myservice -o wide --show-labels adds the pod-template-hash label', () => {
    const r = run('kubectl get pod -n myservice -o wide --show-labels');
    const tutorial = `NAME                              READY   STATUS    RESTARTS   AGE     IP            NODE                         NOMINATED NODE   READINESS GATES   LABELS
mynginx-deploy-55ffb645f8-cpjrf   1/1     Running   0          7m38s   10.244.1.11   node201.yinzhengjie.org.cn   <none>           <none>            app=mynginx,pod-template-hash=55ffb645f8
mynginx-deploy-55ffb645f8-gbvdt   1/1     Running   0          7m38s   10.244.2.10   node202.yinzhengjie.org.cn   <none>           <none>            app=mynginx,pod-template-hash=55ffb645f8
mynginx-deploy-55ffb645f8-ptm8h   1/1     Running   0          7m38s   10.244.3.4    node203.yinzhengjie.org.cn   <none>           <none>            app=mynginx,pod-template-hash=55ffb645f8
`;
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: expectedTable(r.stdout, tutorial, { fromActual: ['AGE'], rename, sortByName: true }), stderr: '' });
  });

  it('kubectl get service -n myservice before any Service', () => {
    expect(outcome(run('kubectl get service -n myservice'))).toEqual({ exitCode: 0, stdout: '', stderr: 'No resources found in myservice namespace.\n' });
  });

  it('the tutorial\'s manifest with "prot: 80" is refused by strict decoding', () => {
    // The 2020 cluster dropped unknown fields silently; since v1.25 kubectl asks the API server
    // for strict field validation (reference §6.3, last item), so v1.33 refuses the typo.
    expect(run(`cat ${SVC_TYPO}`).stdout).toContain('    prot: 80\n');
    expect(outcome(run(`kubectl apply -f ${SVC_TYPO}`))).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: `Error from server (BadRequest): error when creating "${SVC_TYPO}": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].prot"\n`,
    });
    expect(run('kubectl get service -n myservice').stderr).toBe('No resources found in myservice namespace.\n');
  });

  let clusterIP = '';

  it('the corrected ClusterIP Service is created with an address from the dynamic band of 10.96.0.0/12', () => {
    expect(outcome(run(`kubectl apply -f ${SVC_CLUSTERIP}`))).toEqual({ exitCode: 0, stdout: 'service/mynginx-service created\n', stderr: '' });
    const r = run('kubectl get service -n myservice');
    const tutorial = `NAME              TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE
mynginx-service   ClusterIP   10.102.60.144   <none>        80/TCP    3s
`;
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: expectedTable(r.stdout, tutorial, { fromActual: ['CLUSTER-IP', 'AGE'] }), stderr: '' });
    clusterIP = column(r.stdout, 'CLUSTER-IP')[0];
    // Random start in the upper band (reference §7.1): 10.96.1.1 - 10.111.255.254.
    expect(inCidr(clusterIP, '10.96.0.0/12')).toBe(true);
    expect(ipValue(clusterIP)).toBeGreaterThanOrEqual(ipValue('10.96.1.1'));
  });

  it('kubectl describe service lists the three endpoints', () => {
    // v1.33 adds IP Family Policy, IP Families, IPs and Internal Traffic Policy, widening the
    // label column, and hides kubectl.kubernetes.io/last-applied-configuration (reference §11.4).
    const expected = `Name:                     mynginx-service
Namespace:                myservice
Labels:                   <none>
Annotations:              <none>
Selector:                 app=mynginx
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.102.60.144
IPs:                      10.102.60.144
Port:                     http  80/TCP
TargetPort:               80/TCP
Endpoints:                10.244.1.11:80,10.244.2.10:80,10.244.3.4:80
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`;
    expect(outcome(run('kubectl describe service mynginx-service -n myservice'))).toEqual({
      exitCode: 0,
      stdout: substitute(expected, new Map([['10.102.60.144', clusterIP]])),
      stderr: '',
    });
  });

  it('kubectl get endpoints -n myservice, with the v1.33 deprecation warning', () => {
    const r = run('kubectl get endpoints -n myservice');
    const tutorial = `NAME              ENDPOINTS                                     AGE
mynginx-service   10.244.1.11:80,10.244.2.10:80,10.244.3.4:80   3m52s
`;
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: expectedTable(r.stdout, tutorial, { fromActual: ['AGE'] }), stderr: ENDPOINTS_WARNING });
  });

  it('kubectl describe endpoints -n myservice', () => {
    const r = run('kubectl describe endpoints -n myservice');
    const trigger = /endpoints\.kubernetes\.io\/last-change-trigger-time: (\S+)/.exec(r.stdout)?.[1] ?? '';
    expect(trigger).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    // v1.33's endpoints controller labels what it manages (kubernetes PR #130564, new in 1.33).
    const expected = `Name:         mynginx-service
Namespace:    myservice
Labels:       endpoints.kubernetes.io/managed-by=endpoint-controller
Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2020-02-08T01:26:51Z
Subsets:
  Addresses:          10.244.1.11,10.244.2.10,10.244.3.4
  NotReadyAddresses:  <none>
  Ports:
    Name  Port  Protocol
    ----  ----  --------
    http  80    TCP

Events:  <none>
`;
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: expected.replace('2020-02-08T01:26:51Z', trigger), stderr: ENDPOINTS_WARNING });
  });

  it('kubectl get endpoints -n myservice -o yaml', () => {
    const r = run('kubectl get endpoints -n myservice -o yaml');
    // v1.33: no selfLink (removed in v1.20+), the managed-by label, targetRef without
    // resourceVersion (pkg/controller/endpoint/endpoints_controller.go podToEndpointAddressForService).
    const expected = `apiVersion: v1
items:
- apiVersion: v1
  kind: Endpoints
  metadata:
    annotations:
      endpoints.kubernetes.io/last-change-trigger-time: "<time>"
    creationTimestamp: "<time>"
    labels:
      endpoints.kubernetes.io/managed-by: endpoint-controller
    name: mynginx-service
    namespace: myservice
    resourceVersion: "<rv>"
    uid: <uid>
  subsets:
  - addresses:
    - ip: 10.244.1.11
      nodeName: node201.yinzhengjie.org.cn
      targetRef:
        kind: Pod
        name: mynginx-deploy-55ffb645f8-cpjrf
        namespace: myservice
        uid: <uid>
    - ip: 10.244.2.10
      nodeName: node202.yinzhengjie.org.cn
      targetRef:
        kind: Pod
        name: mynginx-deploy-55ffb645f8-gbvdt
        namespace: myservice
        uid: <uid>
    - ip: 10.244.3.4
      nodeName: node203.yinzhengjie.org.cn
      targetRef:
        kind: Pod
        name: mynginx-deploy-55ffb645f8-ptm8h
        namespace: myservice
        uid: <uid>
    ports:
    - name: http
      port: 80
      protocol: TCP
kind: List
metadata:
  resourceVersion: ""
`;
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(ENDPOINTS_WARNING);
    expect(maskServerFields(r.stdout)).toBe(substitute(expected, rename));
  });

  it('kubectl explain endpoints', () => {
    const r = run('kubectl explain endpoints');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith('KIND:       Endpoints\nVERSION:    v1\n\nDESCRIPTION:\n')).toBe(true);
    const fields = r.stdout.split('\n').filter((l) => /^ {2}\S+\t</.test(l));
    expect(fields).toEqual(['  apiVersion\t<string>', '  kind\t<string>', '  metadata\t<ObjectMeta>', '  subsets\t<[]EndpointSubset>']);
  });

  let nodePortIP = '';

  it('the NodePort Service on 30086', () => {
    expect(outcome(run(`kubectl delete -f ${SVC_CLUSTERIP}`))).toEqual({ exitCode: 0, stdout: 'service "mynginx-service" deleted\n', stderr: '' });
    expect(outcome(run(`kubectl apply -f ${SVC_NODEPORT}`))).toEqual({ exitCode: 0, stdout: 'service/mynginx-service created\n', stderr: '' });
    const r = run('kubectl get service -n myservice');
    const tutorial = `NAME              TYPE       CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE
mynginx-service   NodePort   10.102.98.128   <none>        80:30086/TCP   19s
`;
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: expectedTable(r.stdout, tutorial, { fromActual: ['CLUSTER-IP', 'AGE'] }), stderr: '' });
    nodePortIP = column(r.stdout, 'CLUSTER-IP')[0];
    expect(inCidr(nodePortIP, '10.96.0.0/12')).toBe(true);
  });

  it('kubectl get pods -n myservice: the pods did not change', () => {
    const r = run('kubectl get pods -n myservice');
    const tutorial = `NAME                              READY   STATUS    RESTARTS   AGE
mynginx-deploy-55ffb645f8-cpjrf   1/1     Running   0          79m
mynginx-deploy-55ffb645f8-gbvdt   1/1     Running   0          79m
mynginx-deploy-55ffb645f8-ptm8h   1/1     Running   0          79m
`;
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: expectedTable(r.stdout, tutorial, { fromActual: ['AGE'], rename, sortByName: true }), stderr: '' });
  });

  // Section 三.4: inside mynginx-deploy-55ffb645f8-cpjrf (10.244.1.11), an nginx:1.14-alpine pod
  // (busybox 1.28 on musl). The seed typed `kubectl exec -it ... -- /bin/sh` and then the
  // commands; here each is one `kubectl exec` without a TTY, so stderr stays apart from stdout.
  const inPod = (cmd: string) => run(`kubectl exec ${rename.get('mynginx-deploy-55ffb645f8-cpjrf')} -n myservice -- ${cmd}`);

  it('kubectl exec -it ... -- /bin/sh: typed as the seed typed it, the lines run at busybox\'s `/ # ` prompt until exit', () => {
    const s = session;
    s.run(`kubectl exec -it ${rename.get('mynginx-deploy-55ffb645f8-cpjrf')} -n myservice -- /bin/sh`);
    expect(s.prompt).toBe('/ # ');
    expect(s.run('cat /etc/resolv.conf').stdout).toBe('search myservice.svc.cluster.local svc.cluster.local cluster.local localdomain org.cn\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(s.run('exit').exitCode).toBe(0);
    expect(s.prompt).toBe('[root@master200 ~]# ');
  });

  it("cat /etc/resolv.conf: the seed's lines, in containerd's order", () => {
    // The seed's docker wrote nameserver first; containerd (v1.33's runtime) writes search first.
    expect(outcome(inPod('cat /etc/resolv.conf'))).toEqual({
      exitCode: 0,
      stdout: 'search myservice.svc.cluster.local svc.cluster.local cluster.local localdomain org.cn\nnameserver 10.96.0.10\noptions ndots:5\n',
      stderr: '',
    });
  });

  it('nslookup mynginx-service: the ClusterIP and its reverse name, exactly as the seed', () => {
    const r = inPod('nslookup mynginx-service');
    const seed = `nslookup: can't resolve '(null)': Name does not resolve

Name:      mynginx-service
Address 1: 10.102.98.128 mynginx-service.myservice.svc.cluster.local
`;
    // busybox writes the first line to stderr, the rest to stdout; a TTY shows them in this order.
    const [first, ...rest] = substitute(seed, new Map([['10.102.98.128', nodePortIP]])).split('\n');
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: rest.join('\n'), stderr: `${first}\n` });
    // The lookup went as packets: A and AAAA for the first search name, then the PTR.
    expect(r.trace?.dns?.queries.map((q) => `${q.type} ${q.name} ${q.rcode}`)).toEqual([
      'A mynginx-service.myservice.svc.cluster.local. NOERROR',
      'AAAA mynginx-service.myservice.svc.cluster.local. NOERROR',
      `PTR ${nodePortIP.split('.').reverse().join('.')}.in-addr.arpa. NOERROR`,
    ]);
    expect(r.trace?.dns?.traces).toHaveLength(3);
    for (const t of r.trace?.dns?.traces ?? []) expect(t.endpoint?.pod).toMatch(/^kube-system\/coredns-/);
  });

  it('the headless Service has no ClusterIP', () => {
    expect(outcome(run(`kubectl delete -f ${SVC_NODEPORT}`))).toEqual({ exitCode: 0, stdout: 'service "mynginx-service" deleted\n', stderr: '' });
    expect(outcome(run(`kubectl apply -f ${SVC_HEADLESS}`))).toEqual({ exitCode: 0, stdout: 'service/mynginx-service created\n', stderr: '' });
    const r = run('kubectl get service -n myservice');
    const tutorial = `NAME              TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
mynginx-service   ClusterIP   None         <none>        80/TCP    12s
`;
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: expectedTable(r.stdout, tutorial, { fromActual: ['AGE'] }), stderr: '' });
    const ep = run('kubectl get endpoints mynginx-service -n myservice');
    expect(column(ep.stdout, 'ENDPOINTS')).toEqual(['10.244.1.11:80,10.244.2.10:80,10.244.3.4:80']);
  });

  it("nslookup of the headless name: the three pod addresses, the asking pod's by its hostname, exactly as the seed", () => {
    // CoreDNS 1.6.5 (the scenario pins the seed cluster's version) answers PTR for endpoint
    // addresses with their dashed names; the pod's own address comes from its /etc/hosts.
    const seed = `nslookup: can't resolve '(null)': Name does not resolve

Name:      mynginx-service
Address 1: 10.244.1.11 mynginx-deploy-55ffb645f8-cpjrf
Address 2: 10.244.3.4 10-244-3-4.mynginx-service.myservice.svc.cluster.local
Address 3: 10.244.2.10 10-244-2-10.mynginx-service.myservice.svc.cluster.local
`;
    const [first, ...rest] = substitute(seed, rename).split('\n');
    // CoreDNS's loadbalance plugin shuffles the A records of every answer (dns.Id() draws), so
    // the two other pods come in the seed's order or the other: both are what a cluster prints.
    const swapped = [...rest];
    [swapped[3], swapped[4]] = [swapped[4].replace('Address 3', 'Address 2'), swapped[3].replace('Address 2', 'Address 3')];
    const r = outcome(inPod('nslookup mynginx-service'));
    expect([rest.join('\n'), swapped.join('\n')]).toContain(r.stdout);
    expect(r).toMatchObject({ exitCode: 0, stderr: `${first}\n` });
  });

  it('deleting a Service that is gone says NotFound with the file name', () => {
    expect(outcome(run(`kubectl delete -f ${SVC_HEADLESS}`))).toEqual({ exitCode: 0, stdout: 'service "mynginx-service" deleted\n', stderr: '' });
    expect(outcome(run(`kubectl delete -f ${SVC_HEADLESS}`))).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: `Error from server (NotFound): error when deleting "${SVC_HEADLESS}": services "mynginx-service" not found\n`,
    });
  });

  // Section 四: kube-proxy moved to ipvs by editing its ConfigMap and deleting its pods.
  let kubeProxyPods: string[] = [];

  it('the kube-proxy ConfigMap gets mode "ipvs" (kubectl replace from stdin: the console cannot edit interactively)', () => {
    const cm = run('kubectl get cm kube-proxy -n kube-system -o yaml').stdout;
    expect(cm).toContain('\n    mode: ""\n');
    const r = session.run('kubectl replace -f -', { stdin: cm.replace('\n    mode: ""\n', '\n    mode: "ipvs"\n') });
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: 'configmap/kube-proxy replaced\n', stderr: '' });
    // kube-proxy reads its configuration when it starts: nothing changes yet.
    expect(run('ipvsadm -Ln').stdout).toBe('IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n');
  });

  it('kubectl get pods -n kube-system --show-labels: the kube-proxy pods and their labels', () => {
    const r = run('kubectl get pods -n kube-system --show-labels');
    expect(r.exitCode).toBe(0);
    const names = column(r.stdout, 'NAME');
    const labels = column(r.stdout, 'LABELS');
    kubeProxyPods = names.filter((n) => n.startsWith('kube-proxy-'));
    expect(kubeProxyPods).toHaveLength(4);
    for (const n of kubeProxyPods) {
      expect(n).toMatch(new RegExp(`^kube-proxy-${SAFE}{5}$`));
      expect(labels[names.indexOf(n)]).toMatch(/^controller-revision-hash=[a-z0-9]+,k8s-app=kube-proxy,pod-template-generation=1$/);
    }
  });

  it('kubectl delete pods -l k8s-app=kube-proxy -n kube-system: one line per pod, and the DaemonSet starts new ones', () => {
    const r = run('kubectl delete pods -l k8s-app=kube-proxy -n kube-system');
    expect(outcome(r)).toEqual({ exitCode: 0, stdout: kubeProxyPods.map((n) => `pod "${n}" deleted\n`).join(''), stderr: '' });
    const after = run('kubectl get pods -n kube-system --show-labels');
    const fresh = column(after.stdout, 'NAME').filter((n) => n.startsWith('kube-proxy-'));
    expect(fresh).toHaveLength(4);
    for (const n of fresh) expect(kubeProxyPods).not.toContain(n);
  });

  it('ipvsadm -Ln: the tutorial’s virtual servers, exactly', () => {
    const seed = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  10.96.0.1:443 rr
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
    expect(outcome(run('ipvsadm -Ln'))).toEqual({ exitCode: 0, stdout: seed, stderr: '' });
  });
});
