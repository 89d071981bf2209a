/**
 * `--dry-run=client -o yaml` of kubectl's generators: the YAML people paste into files. The
 * Deployment golden is a real cluster's (kubectl create deployment ... -o yaml --dry-run=client,
 * as quoted in jpetazzo/container.training#684), with the `creationTimestamp: null` that kubectl
 * v1.33 still prints (apimachinery v0.33 ObjectMeta has no omitzero; kubectl v0.33
 * run_test.go); the rest follow the same encoding rules.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

const run = (line: string) => createSession().run(line);

describe('generated objects as kubectl prints them', () => {
  it('create deployment: empty strategy, resources and status, no namespace unless -n', () => {
    expect(run('kubectl create deployment rng --image=dockercoins/rng:v0.1 -o yaml --dry-run=client').stdout).toBe(
      `apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: rng
  name: rng
spec:
  replicas: 1
  selector:
    matchLabels:
      app: rng
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: rng
    spec:
      containers:
      - image: dockercoins/rng:v0.1
        name: rng
        resources: {}
status: {}
`,
    );
    expect(run('kubectl create deployment rng -n default --image=nginx --dry-run=client -o yaml').stdout).toContain('  name: rng\n  namespace: default\nspec:\n');
  });

  it('create namespace: empty spec and status', () => {
    expect(run('kubectl create namespace zz --dry-run=client -o yaml').stdout).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: zz\nspec: {}\nstatus: {}\n');
  });

  it('create service and expose: an empty status.loadBalancer', () => {
    expect(run('kubectl create service clusterip my-svc --tcp=80:8080 --dry-run=client -o yaml').stdout).toBe(
      `apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: my-svc
  name: my-svc
spec:
  ports:
  - name: 80-8080
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: my-svc
  type: ClusterIP
status:
  loadBalancer: {}
`,
    );
    const exposed = run('kubectl expose deployment coredns -n kube-system --port=53 --dry-run=client -o yaml').stdout;
    expect(exposed).toContain('  namespace: kube-system\n');
    expect(exposed.endsWith('status:\n  loadBalancer: {}\n')).toBe(true);
  });

  it('a real create sends the object to the namespace in use and prints what the server stored', () => {
    const s = createSession();
    expect(s.run('kubectl create deployment web --image=nginx').stdout).toBe('deployment.apps/web created\n');
    const stored = s.run('kubectl get deployment web -o yaml').stdout;
    expect(stored).toContain('  namespace: default\n');
    expect(stored).toContain('    type: RollingUpdate\n');
  });
});
