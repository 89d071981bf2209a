/** Cases a review against kubectl v1.33's source found (kubernetes/kubectl v0.33.x; file names in each test). */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

const FILES: Record<string, string> = {
  'web.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n',
  'db.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  selector:\n    app: db\n  ports:\n  - port: 5432\n',
};

function session() {
  return createSession({ files: { readFile: (p) => FILES[p] } });
}

function out(r: { stdout: string; stderr: string; exitCode: number }) {
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

describe('flags (helpers.go)', () => {
  it('reads a bare --dry-run as client and -f as a comma list', () => {
    const s = session();
    expect(s.run('kubectl apply --dry-run -f web.yaml,db.yaml').stdout).toBe('service/web created (dry run)\nservice/db created (dry run)\n');
    s.run('kubectl apply -f web.yaml');
    expect(s.run('kubectl apply -f web.yaml --dry-run=client').stdout).toBe('service/web configured (dry run)\n');
  });

  it('prints the object for -o with a client dry run', () => {
    expect(session().run('kubectl create namespace zz --dry-run=client -o name').stdout).toBe('namespace/zz\n');
  });
});

describe('command dispatch (cobra)', () => {
  it('suggests the command a typo meant', () => {
    // Real kubectl has `set` too, within distance 2 of "gett": cobra lists both, in name order.
    expect(session().run('kubectl gett pods').stderr).toBe('error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tget\n\tset\n');
  });

  it('answers an unknown create service type', () => {
    expect(session().run('kubectl create service foo x').stderr).toBe(`error: unknown command "foo x"\nSee 'kubectl create service -h' for help and examples\n`);
  });
});

describe('get and describe (get.go, describe.go, builder.go)', () => {
  it('gives every type every name', () => {
    expect(out(session().run('kubectl get svc,deploy kubernetes -o name'))).toEqual({
      stdout: 'service/kubernetes\n',
      stderr: 'Error from server (NotFound): deployments.apps "kubernetes" not found\n',
      exitCode: 1,
    });
  });

  it('is silent with --ignore-not-found', () => {
    expect(out(session().run('kubectl get svc nosuch --ignore-not-found'))).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('matches name prefixes only for describe TYPE NAME', () => {
    const s = session();
    expect(s.run('kubectl describe svc/kube').stderr).toBe('Error from server (NotFound): services "kube" not found\n');
    expect(s.run('kubectl describe svc kube -n kube-system').stdout).toMatch(/^Name: +kube-dns\n[\s\S]*Events: +<none>\n\n$/);
  });

  it('needs a type to describe', () => {
    expect(session().run('kubectl describe').stderr).toBe(
      'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
    );
  });
});

describe('create generators (create_service.go, create_deployment.go)', () => {
  it('checks --tcp on the client', () => {
    const s = session();
    expect(s.run('kubectl create service clusterip a --tcp=99999').stderr).toBe('error: strconv.ParseUint: parsing "99999": value out of range\n');
    expect(s.run('kubectl create service clusterip a --tcp=abc').stderr).toBe('error: strconv.ParseUint: parsing "abc": invalid syntax\n');
    expect(s.run('kubectl create service clusterip a --tcp=80:70000').stderr).toBe('error: must be between 1 and 65535, inclusive\n');
  });

  it('wraps a Deployment that exists already', () => {
    const s = session();
    s.run('kubectl create deployment web --image=nginx');
    expect(s.run('kubectl create deployment web --image=nginx').stderr).toBe('error: failed to create deployment: deployments.apps "web" already exists\n');
  });
});

describe('expose (expose.go, polymorphichelpers)', () => {
  it('names ports per number and protocol', () => {
    const s = session();
    s.run('kubectl expose svc kube-dns -n kube-system --name=dns2');
    expect(s.run("kubectl get svc dns2 -n kube-system -o jsonpath='{range .spec.ports[*]}{.name} {.port}/{.protocol};{end}'").stdout).toBe(
      'port-1-udp 53/UDP;port-1-tcp 53/TCP;port-2 9153/TCP;',
    );
  });

  it('explains a Service without a selector', () => {
    const s = session();
    s.run('kubectl create service clusterip plain --tcp=80');
    s.run('kubectl apply -f web.yaml');
    expect(s.run('kubectl expose svc kubernetes --name=k2').stderr).toBe(
      "error: couldn't retrieve selectors via --selector flag or introspection: the service has no pod selector set\n",
    );
  });
});

describe('scale, label, delete', () => {
  it('scale words a missing object its own way', () => {
    expect(session().run('kubectl scale deploy nosuch --replicas=3').stderr).toBe(
      'error: no objects passed to scale deployments.apps "nosuch" not found\n',
    );
  });

  it('label: a missing key leaves the object not labeled', () => {
    const s = session();
    s.run('kubectl apply -f web.yaml');
    expect(s.run('kubectl label svc web foo-').stdout).toBe('label "foo" not found.\nservice/web not labeled\n');
    expect(s.run('kubectl label svc web a=b c').stderr).toBe('error: all resources must be specified before label changes: c\n');
    expect(s.run('kubectl label svc web a=b=c').stderr).toBe('error: invalid label spec: a=b=c\n');
  });

  it('delete with a selector that matches nothing says so on stdout', () => {
    expect(out(session().run('kubectl delete svc -l nope=1'))).toEqual({ stdout: 'No resources found\n', stderr: '', exitCode: 0 });
  });

  it('delete --force warns and says force deleted', () => {
    const s = session();
    s.run('kubectl apply -f web.yaml');
    expect(out(s.run('kubectl delete svc web --force'))).toEqual({
      stdout: 'service "web" force deleted\n',
      stderr:
        'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
      exitCode: 0,
    });
  });
});

describe('kubectl top (pkg/cmd/top)', () => {
  it('answers as a cluster without metrics-server does', () => {
    const s = session();
    for (const line of ['kubectl top pods -A', 'kubectl top node', 'kubectl top po web --containers']) {
      expect(s.run(line)).toMatchObject({ stdout: '', stderr: 'error: Metrics API not available\n', exitCode: 1 });
    }
  });
});

describe('kubectl commands svcsim does not simulate', () => {
  it('says so, instead of calling a real command unknown', () => {
    expect(session().run('kubectl cp web:/tmp/a b')).toMatchObject({ stderr: "error: svcsim: 'kubectl cp' is not simulated\n", exitCode: 1 });
    expect(session().run('kubectl lgs').stderr).toBe('error: unknown command "lgs" for "kubectl"\n\nDid you mean this?\n\tlogs\n');
  });
});
