/**
 * What kubectl v1.33 prints when a learner gets a command wrong: exact stderr and exit code,
 * checked against kubectl v0.33.13 and cli-runtime v0.33.13 (sources named per case).
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

const FILES: Record<string, string> = {
  'app.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: x
  labels:
    app: web
    tier: fe
spec:
  containers:
  - name: c
    image: nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx
`,
};

function session() {
  const s = createSession({ files: { readFile: (p) => FILES[p] } });
  expect(s.run('kubectl apply -f app.yaml').exitCode).toBe(0);
  return s;
}

function run(line: string, s = session()) {
  const r = s.run(line);
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

const fails = (stderr: string) => ({ stdout: '', stderr, exitCode: 1 });

describe('resource types (cli-runtime builder.go mappingFor, splitResourceTypeName)', () => {
  it('names the resource part before the first dot of an unknown type', () => {
    expect(run('kubectl get pdos')).toEqual(fails('error: the server doesn\'t have a resource type "pdos"\n'));
    expect(run('kubectl get deployment.apps.foo')).toEqual(fails('error: the server doesn\'t have a resource type "deployment"\n'));
  });

  it('refuses an empty name after a slash', () => {
    expect(run('kubectl get svc/')).toEqual(fails('error: arguments in resource/name form must have a single resource and name\n'));
  });
});

describe('names with a selector (builder.go visitBySelector)', () => {
  it('refuses names with -l or --field-selector, before finding anything', () => {
    const msg = fails('error: name cannot be provided when a selector is specified\n');
    expect(run('kubectl get pods x -l app=web')).toEqual(msg);
    expect(run('kubectl get pods x --field-selector=metadata.name=x')).toEqual(msg);
    expect(run('kubectl describe pods x -l app=web')).toEqual(msg);
    expect(run('kubectl label pods x a=b -l app=web')).toEqual(msg);
  });

  it('does not delete a named object when -l or --all is given too', () => {
    const s = session();
    expect(run('kubectl delete pod x -l app=web', s)).toEqual(fails('error: name cannot be provided when a selector is specified\n'));
    expect(run('kubectl delete pods x --all', s)).toEqual(fails('error: name cannot be provided when a selector is specified\n'));
    expect(run('kubectl get pod x', s).exitCode).toBe(0);
  });

  it('refuses TYPE/NAME (and TYPE,TYPE NAME) with a selector', () => {
    const msg = fails('error: selectors and the all flag cannot be used when passing resource/name arguments\n');
    expect(run('kubectl get pods/x -l app=web')).toEqual(msg);
    expect(run('kubectl get pods,svc x -l app=web')).toEqual(msg);
  });

  it('wants a type to select from', () => {
    expect(run('kubectl delete -l app=web')).toEqual(fails('error: at least one resource must be specified to use a selector\n'));
    expect(run('kubectl scale -l app=web --replicas=2')).toEqual(fails('error: at least one resource must be specified to use a selector\n'));
  });
});

describe('kubectl delete finding nothing (delete.go DeleteResult)', () => {
  it('says No resources found on stdout for an empty selection or an ignored name', () => {
    expect(run('kubectl delete pods -l app=nomatch')).toEqual({ stdout: 'No resources found\n', stderr: '', exitCode: 0 });
    expect(run('kubectl delete pod nope --ignore-not-found')).toEqual({ stdout: 'No resources found\n', stderr: '', exitCode: 0 });
  });

  it('still deletes the types that match when another type matches nothing', () => {
    const s = session();
    expect(run('kubectl delete svc,pods -l tier=fe', s)).toEqual({ stdout: 'pod "x" deleted\n', stderr: '', exitCode: 0 });
  });
});

describe('kubectl scale (scale.go RunScale)', () => {
  it('scales what it found and reports the rest', () => {
    expect(run('kubectl scale deploy web nope --replicas=2')).toEqual({
      stdout: 'deployment.apps/web scaled\n',
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
      exitCode: 1,
    });
  });

  it('wraps the lookup errors when nothing was found', () => {
    expect(run('kubectl scale deploy nope --replicas=2')).toEqual(fails('error: no objects passed to scale deployments.apps "nope" not found\n'));
    expect(run('kubectl scale deploy nope nope2 --replicas=2')).toEqual(
      fails('error: no objects passed to scale [deployments.apps "nope" not found, deployments.apps "nope2" not found]\n'),
    );
    expect(run('kubectl scale deploy -l app=none --replicas=2')).toEqual(fails('error: no objects passed to scale\n'));
  });

  it('scales only what the selector matches', () => {
    const s = session();
    s.run('kubectl create deployment other --image=nginx');
    // create deployment labels it app=other; web has no labels of its own.
    expect(run('kubectl scale deploy -l app=other --replicas=3', s).stdout).toBe('deployment.apps/other scaled\n');
  });
});

describe('kubectl label and annotate (label.go, annotate.go)', () => {
  it('wants resources before it wants changes', () => {
    expect(run('kubectl label')).toEqual(fails('error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n'));
    expect(run('kubectl label pod x')).toEqual(fails('error: at least one label update is required\n'));
  });

  it('names every label it will not overwrite, one error each', () => {
    expect(run('kubectl label pod x app=y')).toEqual(fails("error: 'app' already has a value (web), and --overwrite is false\n"));
    expect(run('kubectl label pod x app=y tier=be')).toEqual(
      fails("'app' already has a value (web), and --overwrite is false\n'tier' already has a value (fe), and --overwrite is false\n"),
    );
  });

  it('joins the annotations it will not overwrite in one error', () => {
    const s = session();
    s.run('kubectl annotate pod x a=1 b=2');
    expect(run('kubectl annotate pod x a=3 b=4', s)).toEqual(
      fails("error: --overwrite is false but found the following declared annotation(s): 'a' already has a value (1); 'b' already has a value (2)\n"),
    );
    expect(run('kubectl annotate pod x a=b a-', s)).toEqual(fails('error: can not both modify and remove the following annotation(s) in the same command: a\n'));
  });

  it('lists several objects under Kind.group headings on stdout', () => {
    expect(run('kubectl label pods -l tier=fe --list')).toEqual({ stdout: 'Listing labels for Pod./x:\n app=web\n tier=fe\n', stderr: '', exitCode: 0 });
  });
});

describe('kubectl expose (expose.go RunExpose, createService)', () => {
  it('says it found no port, without a usage hint', () => {
    expect(run('kubectl expose pod x')).toEqual(fails("error: couldn't find port via --port flag or introspection\n"));
  });

  it('finds the object before it reads --port', () => {
    expect(run('kubectl expose pod nope --port=abc')).toEqual(fails('Error from server (NotFound): pods "nope" not found\n'));
    expect(run('kubectl expose pod x --port=abc')).toEqual(fails('error: strconv.Atoi: parsing "abc": invalid syntax\n'));
  });
});

describe('kubectl edit (editoptions.go Complete, Run)', () => {
  it('finds the objects before any editor opens', () => {
    expect(run('kubectl edit pod nope')).toEqual(fails('Error from server (NotFound): pods "nope" not found\n'));
    expect(run('kubectl edit pdos x')).toEqual(fails('error: the server doesn\'t have a resource type "pdos"\n'));
    expect(run('kubectl edit').stderr).toBe(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    );
    expect(run('kubectl edit pod x')).toEqual({ stdout: '', stderr: 'Edit cancelled, no changes made.\n', exitCode: 0 });
  });
});

describe('flags (pflag v1.0.5 through kubectl templater FlagErrorFunc)', () => {
  it('adds the usage hint to flag errors', () => {
    expect(run('kubectl exec x -itz -- ls')).toEqual(fails("error: unknown shorthand flag: 'z' in -z\nSee 'kubectl exec --help' for usage.\n"));
    expect(run('kubectl get pods --watch=abc')).toEqual(
      fails('error: invalid argument "abc" for "-w, --watch" flag: strconv.ParseBool: parsing "abc": invalid syntax\nSee \'kubectl get --help\' for usage.\n'),
    );
    expect(run('kubectl create deployment big --image=nginx --replicas=3000000000')).toEqual(
      fails(
        'error: invalid argument "3000000000" for "-r, --replicas" flag: strconv.ParseInt: parsing "3000000000": value out of range\nSee \'kubectl create deployment --help\' for usage.\n',
      ),
    );
  });
});

describe('required flags before arguments (cobra validateRequiredFlags runs before Run)', () => {
  it('wants --image before a NAME', () => {
    expect(run('kubectl create deployment')).toEqual(fails('error: required flag(s) "image" not set\n'));
    expect(run('kubectl run')).toEqual(fails('error: required flag(s) "image" not set\n'));
    expect(run('kubectl run x')).toEqual(fails('error: required flag(s) "image" not set\n'));
    // Given but empty, run.go's Run says so itself after the NAME check.
    expect(run('kubectl run x --image=')).toEqual(fails('error: --image is required\n'));
    expect(run('kubectl run --image=nginx')).toEqual(fails("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n"));
  });
});

describe('arguments a verb does not take', () => {
  it('refuses arguments to apply before it looks for -f (apply.go ToOptions)', () => {
    expect(run('kubectl apply foo')).toEqual(fails("error: Unexpected args: [foo]\nSee 'kubectl apply -h' for help and examples\n"));
    expect(run('kubectl apply')).toEqual(fails('error: must specify one of -f and -k\n'));
  });

  it('refuses TYPE or TYPE/NAME next to -f (builder.go visitByPaths)', () => {
    expect(run('kubectl get -f app.yaml pods')).toEqual(
      fails('error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well\n'),
    );
    expect(run('kubectl delete -f app.yaml pod/x')).toEqual(fails('error: resource/name arguments cannot be provided when a path is specified\n'));
  });
});

describe('kubectl delete options (delete.go Complete, builder, Validate)', () => {
  it("says the builder's words for --all with a selector", () => {
    expect(run('kubectl delete pods --all -l app=web')).toEqual(fails("error: setting 'all' parameter but found a non empty selector. \n"));
  });

  it('takes only -o name, and deletes nothing otherwise', () => {
    const s = session();
    expect(run('kubectl delete pod x -o yaml', s)).toEqual(fails("error: unexpected -o output mode: yaml. We only support '-o name'\n"));
    expect(run('kubectl delete pod x --force --grace-period=5', s)).toEqual(fails('error: --force and --grace-period greater than 0 cannot be specified together\n'));
    expect(run('kubectl delete pod x --now --grace-period=5', s)).toEqual(fails('error: --now and --grace-period cannot be specified together\n'));
    expect(run('kubectl get pod x', s).exitCode).toBe(0);
  });
});

describe('kubectl scale --current-replicas (scale.go Validate)', () => {
  it('takes -1 as no precondition and refuses less', () => {
    expect(run('kubectl scale deploy web --replicas=2 --current-replicas=-2')).toEqual(fails('error: The --current-replicas must specify an integer of -1 or greater\n'));
    expect(run('kubectl scale deploy web --replicas=2 --current-replicas=-1')).toEqual({ stdout: 'deployment.apps/web scaled\n', stderr: '', exitCode: 0 });
  });
});

describe('unknown commands (cobra legacyArgs, SuggestionsFor)', () => {
  it("suggests by distance, prefix and the commands' SuggestFor words, in name order", () => {
    expect(run('kubectl rm pod x')).toEqual(fails('error: unknown command "rm" for "kubectl"\n\nDid you mean this?\n\tcp\n\tdelete\n\trun\n'));
    expect(run('kubectl list pods')).toEqual(fails('error: unknown command "list" for "kubectl"\n\nDid you mean this?\n\tget\n\twait\n'));
  });
});

describe('kubectl explain with the wrong arguments (explain.go Validate)', () => {
  it('refuses several resources, and passes --api-version and -o to the explainer', () => {
    expect(run('kubectl explain svc pods')).toEqual(fails('error: We accept only this format: explain RESOURCE\n'));
    expect(run('kubectl explain deployments --api-version=apps/v2')).toEqual(fails('error: couldn\'t find resource for "apps/v2, Resource=deployments"\n'));
    expect(run('kubectl explain svc -o json')).toEqual(fails('error: unrecognized format: json\n'));
  });
});
