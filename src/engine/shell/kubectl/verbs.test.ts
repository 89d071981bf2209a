/**
 * kubectl's verbs end to end through a session: what a user types, what a v1.33 cluster
 * answers. Printer layouts have their own goldens in print/; these check the verbs' words.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

const FILES: Record<string, string> = {
  'web.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
`,
  'two.yaml': `apiVersion: v1
kind: Service
metadata:
  name: a
spec:
  ports:
  - port: 0
---
apiVersion: v1
kind: Service
metadata:
  name: b
spec:
  ports:
  - port: 80
`,
  'dev.yaml': `apiVersion: v1
kind: Service
metadata:
  name: x
  namespace: dev
spec:
  ports:
  - port: 80
`,
  'proxy.yaml': `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
`,
};

function session() {
  return createSession({ files: { readFile: (p) => FILES[p] } });
}

function out(r: { stdout: string; stderr: string; exitCode: number }) {
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

describe('kubectl apply', () => {
  it('creates, then reports unchanged, then configured', () => {
    const s = session();
    expect(out(s.run('kubectl apply -f web.yaml'))).toEqual({ stdout: 'service/web created\n', stderr: '', exitCode: 0 });
    expect(s.run('kubectl apply -f web.yaml').stdout).toBe('service/web unchanged\n');
    FILES['web.yaml'] = FILES['web.yaml'].replace('targetPort: 8080', 'targetPort: 9090');
    try {
      expect(s.run('kubectl apply -f web.yaml').stdout).toBe('service/web configured\n');
    } finally {
      FILES['web.yaml'] = FILES['web.yaml'].replace('targetPort: 9090', 'targetPort: 8080');
    }
  });

  it('applies the good document of a file and reports the bad one after it', () => {
    const s = session();
    expect(out(s.run('kubectl apply -f two.yaml'))).toEqual({
      stdout: 'service/b created\n',
      // targetPort defaults to port, so a port of 0 is wrong twice (defaults.go SetDefaults_Service).
      stderr:
        'The Service "a" is invalid: \n* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive\n',
      exitCode: 1,
    });
  });

  it('refuses a namespace that does not exist, naming the file', () => {
    expect(out(session().run('kubectl apply -f dev.yaml'))).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): error when creating "dev.yaml": namespaces "dev" not found\n',
      exitCode: 1,
    });
  });

  it('has no resource for a configuration kind', () => {
    expect(session().run('kubectl apply -f proxy.yaml').stderr).toBe(
      'error: resource mapping not found for name: "" namespace: "" from "proxy.yaml": no matches for kind "KubeProxyConfiguration" in version "kubeproxy.config.k8s.io/v1alpha1"\nensure CRDs are installed first\n',
    );
  });

  it('says what a missing file is', () => {
    expect(out(session().run('kubectl apply -f nope.yaml'))).toEqual({ stdout: '', stderr: 'error: the path "nope.yaml" does not exist\n', exitCode: 1 });
  });

  it('reads standard input for -f -', () => {
    const r = session().run('kubectl apply -f -', { stdin: FILES['web.yaml'] });
    expect(r.stdout).toBe('service/web created\n');
  });

  it('warns when the live object was not created by apply', () => {
    const s = session();
    s.run('kubectl create -f web.yaml');
    expect(out(s.run('kubectl apply -f web.yaml'))).toEqual({
      stdout: 'service/web configured\n',
      stderr:
        'Warning: resource services/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
      exitCode: 0,
    });
  });
});

describe('kubectl create', () => {
  it('refuses an existing object (seed 002)', () => {
    const s = session();
    s.run('kubectl create -f web.yaml');
    expect(out(s.run('kubectl create -f web.yaml'))).toEqual({
      stdout: '',
      stderr: 'Error from server (AlreadyExists): error when creating "web.yaml": services "web" already exists\n',
      exitCode: 1,
    });
  });

  it('creates a namespace, then refuses it twice', () => {
    const s = session();
    expect(s.run('kubectl create namespace myservice').stdout).toBe('namespace/myservice created\n');
    expect(s.run('kubectl create ns myservice').stderr).toBe('Error from server (AlreadyExists): namespaces "myservice" already exists\n');
  });

  it('generates a ClusterIP Service with the port pair as its port name', () => {
    const s = session();
    expect(s.run('kubectl create service clusterip my-svc --tcp=80:8080').stdout).toBe('service/my-svc created\n');
    expect(s.run('kubectl get svc my-svc -o jsonpath={.spec.ports[0].name}/{.spec.selector.app}').stdout).toBe('80-8080/my-svc');
    expect(s.run('kubectl create service clusterip my-svc --tcp=80:8080').stderr).toBe(
      'error: failed to create ClusterIP service: services "my-svc" already exists\n',
    );
    expect(s.run('kubectl create service nodeport np').stderr).toBe('error: at least one tcp port specifier must be provided\n');
  });

  it("words a nodePort out of range in the API server's terms", () => {
    expect(session().run('kubectl create service nodeport np --tcp=80:8080 --node-port=80').stderr).toBe(
      'error: failed to create NodePort service: Service "np" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767\n',
    );
  });

  it('creates a Deployment whose pods come up on the workers', () => {
    const s = session();
    expect(s.run('kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=8080').stdout).toBe('deployment.apps/web created\n');
    const nodes = s.run('kubectl get pods -l app=web -o jsonpath={.items[*].spec.nodeName}').stdout.split(' ').sort();
    expect(nodes).toEqual(['node201', 'node202', 'node203']);
  });
});

describe('kubectl expose', () => {
  it('copies the port from the container (seed 002) and the selector from the Deployment', () => {
    const s = session();
    s.run('kubectl create deployment webapp --image=kubeguide/tomcat-app:v1 --replicas=2 --port=8080');
    expect(s.run('kubectl expose deployment webapp').stdout).toBe('service/webapp exposed\n');
    expect(s.run('kubectl get svc webapp -o jsonpath={.spec.ports[0].port}:{.spec.ports[0].targetPort}:{.spec.selector}').stdout).toBe(
      '8080:8080:{"app":"webapp"}',
    );
    expect(s.run('kubectl expose deployment webapp').stderr).toBe('Error from server (AlreadyExists): services "webapp" already exists\n');
    expect(s.run('kubectl expose deployment nope').stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });
});

describe('kubectl get and describe', () => {
  it('reports a missing name, and an unknown type', () => {
    const s = session();
    expect(out(s.run('kubectl get svc nope'))).toEqual({ stdout: '', stderr: 'Error from server (NotFound): services "nope" not found\n', exitCode: 1 });
    expect(s.run('kubectl get frobs').stderr).toBe('error: the server doesn\'t have a resource type "frobs"\n');
    expect(s.run('kubectl get svc -A kubernetes').stderr).toBe('error: a resource cannot be retrieved by name across all namespaces\n');
  });

  it('says No resources found for an empty namespace', () => {
    expect(out(session().run('kubectl get pods'))).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
  });

  it('lists by label selector and in resource/name form', () => {
    const s = session();
    expect(s.run('kubectl get pods -n kube-system -l k8s-app=kube-dns -o name').stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect(s.run('kubectl get svc/kubernetes -o name').stdout).toBe('service/kubernetes\n');
  });

  it('describes by name prefix, as kubectl does', () => {
    const s = session();
    expect(s.run('kubectl describe svc kube -n kube-system').stdout).toMatch(/^Name: {21}kube-dns\n/);
  });

  it("answers unknown flags in pflag's words", () => {
    expect(out(session().run('kubectl get pods --frobnicate'))).toEqual({
      stdout: '',
      stderr: "error: unknown flag: --frobnicate\nSee 'kubectl get --help' for usage.\n",
      exitCode: 1,
    });
  });
});

describe('kubectl scale, label, delete', () => {
  it('scales a Deployment and its pods follow', () => {
    const s = session();
    s.run('kubectl create deployment web --image=nginx --replicas=1');
    expect(s.run('kubectl scale deployment/web --replicas=3').stdout).toBe('deployment.apps/web scaled\n');
    expect(s.run('kubectl get pods -l app=web -o name').stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(s.run('kubectl scale deploy web').stderr).toBe('error: required flag(s) "replicas" not set\n');
  });

  it('labels, refuses to overwrite, and removes a label', () => {
    const s = session();
    s.run('kubectl create namespace demo');
    expect(s.run('kubectl label ns demo team=blue').stdout).toBe('namespace/demo labeled\n');
    expect(s.run('kubectl label ns demo team=red').stderr).toBe("error: 'team' already has a value (blue), and --overwrite is false\n");
    expect(s.run('kubectl label ns demo team=red --overwrite').stdout).toBe('namespace/demo labeled\n');
    expect(s.run('kubectl label ns demo team-').stdout).toBe('namespace/demo unlabeled\n');
  });

  it('deletes by name and by file, and says when it is gone', () => {
    const s = session();
    s.run('kubectl apply -f web.yaml');
    expect(s.run('kubectl delete -f web.yaml').stdout).toBe('service "web" deleted\n');
    expect(s.run('kubectl delete -f web.yaml').stderr).toBe('Error from server (NotFound): error when deleting "web.yaml": services "web" not found\n');
    expect(s.run('kubectl delete svc').stderr).toBe('error: resource(s) were provided, but no name was specified\n');
  });
});

describe('the console', () => {
  it('ages objects with sleep', () => {
    const s = session();
    s.run('kubectl apply -f web.yaml');
    s.run('sleep 120');
    expect(s.run('kubectl get svc web').stdout).toMatch(/ 2m2s\n$/);
  });

  it('answers an unknown command as bash does', () => {
    expect(out(session().run('frob x'))).toEqual({ stdout: '', stderr: 'bash: frob: command not found\n', exitCode: 127 });
  });
});

describe('kubectl delete TYPE/NAME ...', () => {
  it('answers each argument in the order typed, kinds interleaved (builder.go visitByResource)', () => {
    const s = createSession();
    s.run('kubectl create deployment a --image=nginx');
    s.run('kubectl create service clusterip b --tcp=80');
    s.run('kubectl create deployment c --image=nginx');
    expect(s.run('kubectl delete deploy/a svc/b deploy/c').stdout).toBe('deployment.apps "a" deleted\nservice "b" deleted\ndeployment.apps "c" deleted\n');
  });
});

describe('kubectl apply|delete -f DIRECTORY', () => {
  const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
  const tree: Record<string, string> = { 'app/b.yaml': ns('b'), 'app/a.json': '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}', 'app/notes.txt': 'not yaml', 'app/deep/c.yml': ns('c') };
  const dirSession = () =>
    createSession({
      files: {
        readFile: (p) => tree[p],
        readDirectory: (p) => {
          const dir = `${p.replace(/\/+$/, '')}/`;
          const names = new Map<string, boolean>();
          for (const f of Object.keys(tree)) if (f.startsWith(dir)) names.set(f.slice(dir.length).split('/')[0], f.slice(dir.length).includes('/'));
          return names.size ? [...names].map(([name, directory]) => ({ name, directory })) : p === 'empty' ? [] : undefined;
        },
      },
    });

  it("reads the directory's .json, .yaml and .yml files in name order, subdirectories only with -R (visitor.go ExpandPathsToFileVisitors)", () => {
    const s = dirSession();
    expect(s.run('kubectl apply -f app/').stdout).toBe('namespace/a created\nnamespace/b created\n');
    expect(s.run('kubectl apply -R -f app').stdout).toBe('namespace/a unchanged\nnamespace/b unchanged\nnamespace/c created\n');
    expect(s.run('kubectl get -R -f app -o name').stdout).toBe('namespace/a\nnamespace/b\nnamespace/c\n');
    expect(s.run('kubectl delete -f app').stdout).toBe('namespace "a" deleted\nnamespace "b" deleted\n');
  });

  it('says no objects were passed for a directory without manifests', () => {
    expect(dirSession().run('kubectl apply -f empty')).toMatchObject({ stderr: 'error: no objects passed to apply\n', exitCode: 1 });
  });
});
