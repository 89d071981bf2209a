import { describe, it, expect } from 'vitest';
import { parseManifests } from './index.ts';
import type { Deployment, Service, Endpoints } from '../api/index.ts';

const file = 'mynginx-service.yaml';

// Seed 001: the Deployment, the Service with the `prot` typo, the NodePort and headless Services.
const seed001Deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: mynginx-deploy
  namespace: myservice
spec:
  replicas: 3
  selector:
    matchLabels:
      app: mynginx
  template:
    metadata:
      labels:
        app: mynginx
    spec:
      containers:
      - name: mynginx
        image: nginx:1.14-alpine
        ports:
        - containerPort: 80
          name: http
`;

const seed001Prot = `apiVersion: v1
kind: Service
metadata:
  name: mynginx-service
  namespace: myservice
spec:
  ports:
  - name: http
    prot: 80
    targetPort: 80
  selector:
    app: mynginx
`;

const seed001NodePort = `apiVersion: v1
kind: Service
metadata:
  name: mynginx-service
  namespace: myservice
spec:
  ports:
  - name: http
    port: 80
    nodePort: 30086
    targetPort: 80
  selector:
    app: mynginx
  type: NodePort
`;

const seed001Headless = `apiVersion: v1
kind: Service
metadata:
  name: mynginx-service
  namespace: myservice
spec:
  clusterIP: None
  ports:
  - name: http
    port: 80
    targetPort: 80
  selector:
    app: mynginx
`;

describe('seed manifests decode to typed objects', () => {
  it('seed 001 Deployment', () => {
    const { documents, errors } = parseManifests(seed001Deployment, { file: 'mynginx-deploy.yaml' });
    expect(errors).toEqual([]);
    expect(documents).toHaveLength(1);
    const d = documents[0].object as Deployment;
    expect(d.kind).toBe('Deployment');
    expect(d.metadata).toEqual({ name: 'mynginx-deploy', namespace: 'myservice' });
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'mynginx' } });
    expect(d.spec.template.spec.containers).toEqual([
      { name: 'mynginx', image: 'nginx:1.14-alpine', ports: [{ containerPort: 80, name: 'http' }] },
    ]);
    expect(documents[0].reached).toBe(true);
    expect(documents[0].served).toBe(true);
  });

  it("seed 001's `prot: 80` typo is rejected by strict decoding at its line", () => {
    const { documents, errors } = parseManifests(seed001Prot, { file });
    expect(errors).toEqual([]);
    const [doc] = documents;
    expect(doc.object).toBeUndefined();
    expect(doc.errors).toHaveLength(1);
    const e = doc.errors[0];
    expect(e.stage).toBe('server');
    expect(e.status?.reason).toBe('BadRequest');
    expect(e.status?.code).toBe(400);
    expect(e.message).toBe('Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].prot"');
    expect(e.position).toEqual({ file, line: 9, column: 5 });
  });

  it('seed 001 NodePort and headless Services', () => {
    const np = parseManifests(seed001NodePort, { file }).documents[0].object as Service;
    expect(np.spec).toEqual({
      ports: [{ name: 'http', port: 80, nodePort: 30086, targetPort: 80 }],
      selector: { app: 'mynginx' },
      type: 'NodePort',
    });
    const headless = parseManifests(seed001Headless, { file }).documents[0].object as Service;
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.type).toBeUndefined();
  });

  it('seed 002 Deployment and Service, in one file', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: webapp
spec:
  replicas: 2
  selector:
    matchLabels:
      app: webapp
  template:
    metadata:
      labels:
        app: webapp
    spec:
      containers:
      - name: webapp
        image: kubeguide/tomcat-app:v1
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: webapp
spec:
  selector:
    app: webapp
  ports:
  - protocol: TCP
    port: 8080
    targetPort: 8080
`;
    const { documents } = parseManifests(text, { file: 'webapp.yaml' });
    expect(documents.map((d) => d.object?.kind)).toEqual(['Deployment', 'Service']);
    expect(documents.map((d) => d.index)).toEqual([0, 1]);
    expect(documents[1].position).toEqual({ file: 'webapp.yaml', line: 21, column: 1 });
    expect((documents[1].object as Service).spec.ports).toEqual([{ protocol: 'TCP', port: 8080, targetPort: 8080 }]);
  });

  it('seed 000 helloworld Service with a fixed clusterIP', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  labels:
    app: helloworld
  name: helloworld
spec:
  clusterIP: 10.223.244.110
  ports:
    - port: 80
      protocol: TCP
      targetPort: 80
  selector:
    app: helloworld
`;
    const svc = parseManifests(text, { file: 'helloworld.yaml' }).documents[0].object as Service;
    expect(svc.metadata).toEqual({ labels: { app: 'helloworld' }, name: 'helloworld' });
    expect(svc.spec.clusterIP).toBe('10.223.244.110');
  });
});

describe('List expansion', () => {
  // Seed 001: `kubectl get endpoints -n myservice -o yaml` of a real cluster, pasted.
  const list = `apiVersion: v1
items:
- apiVersion: v1
  kind: Endpoints
  metadata:
    annotations:
      endpoints.kubernetes.io/last-change-trigger-time: "2020-02-08T01:26:51Z"
    creationTimestamp: "2020-02-08T01:26:51Z"
    name: mynginx-service
    namespace: myservice
    resourceVersion: "159708"
    selfLink: /api/v1/namespaces/myservice/endpoints/mynginx-service
    uid: 07866fcb-4849-4d8d-94f6-0af4d3324a5f
  subsets:
  - addresses:
    - ip: 10.244.1.11
      nodeName: node201.yinzhengjie.org.cn
      targetRef:
        kind: Pod
        name: mynginx-deploy-55ffb645f8-cpjrf
        namespace: myservice
        resourceVersion: "158314"
        uid: 938de275-fa19-4e66-95e0-a4afdf3b64c3
    ports:
    - name: http
      port: 80
      protocol: TCP
- apiVersion: v1
  kind: Service
  metadata:
    name: second
  spec:
    ports:
    - port: 81
kind: List
metadata:
  resourceVersion: ""
  selfLink: ""
`;
  it('each item becomes its own document, with status and server fields kept', () => {
    const { documents, errors } = parseManifests(list, { file: 'ep.yaml' });
    expect(errors).toEqual([]);
    expect(documents.map((d) => [d.index, d.object?.kind, d.position.line])).toEqual([
      [0, 'Endpoints', 3],
      [1, 'Service', 28],
    ]);
    const ep = documents[0].object as Endpoints;
    expect(ep.metadata.uid).toBe('07866fcb-4849-4d8d-94f6-0af4d3324a5f');
    expect(ep.metadata.creationTimestamp).toBe('2020-02-08T01:26:51Z');
    expect(ep.subsets?.[0].addresses?.[0]).toMatchObject({ ip: '10.244.1.11', targetRef: { kind: 'Pod' } });
    expect(documents[0].positionOf('subsets[0].ports[0].port')).toEqual({ file: 'ep.yaml', line: 26, column: 7 });
  });
});
