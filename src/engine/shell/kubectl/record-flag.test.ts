/** kubectl's deprecated --record (cli-runtime record_flags.go) on the commands that take it. */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';
import type { Kind, KubeObject } from '../../api/objects.ts';
import { WEB_SCENARIO } from '../testing/web-scenario.ts';
import { GLOBAL_FLAGS } from './command.ts';
import { changeCause, CHANGE_CAUSE_ANNOTATION } from './record-flag.ts';
import { scale } from './scale.ts';
import { run } from './run.ts';

const DEPRECATED = 'Flag --record has been deprecated, --record will be removed in the future\n';

const WEB_YAML = WEB_SCENARIO.split('---\n')[0];

function session() {
  return createSession({ files: { readFile: (p) => (p === 'web.yaml' ? WEB_YAML : undefined) } });
}

function causeOf(s: ReturnType<typeof createSession>, kind: Kind, name: string, namespace = 'default'): string | undefined {
  const obj = s.cluster.get(kind, namespace, name) as KubeObject | undefined;
  return obj?.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
}

describe('changeCause (parseCommandArguments)', () => {
  it('puts the words first and each flag after them as --NAME=VALUE, in the order typed', () => {
    const specs = [...GLOBAL_FLAGS, ...scale.flags];
    expect(changeCause(['-n', 'kube-system', 'scale', 'deploy', 'coredns', '--replicas', '2', '--record'], specs)).toBe(
      'kubectl scale deploy coredns --namespace=kube-system --replicas=2 --record=true',
    );
    expect(changeCause(['scale', '--record=1', 'deploy/web', '--replicas=03', '--dry-run'], specs)).toBe('kubectl scale deploy/web --record=1 --replicas=03 --dry-run=unchanged');
  });

  it('counts the words after -- as words, and reads grouped shorthands one by one', () => {
    const specs = [...GLOBAL_FLAGS, ...run.flags];
    expect(changeCause(['run', 'c', '-it', '--image=busybox', '--record', '--', 'sh', '-c', 'echo hi'], specs)).toBe(
      'kubectl run c sh -c echo hi --stdin=true --tty=true --image=busybox --record=true',
    );
    expect(changeCause(['run', 'c', '-lapp=x', '--image', 'nginx', '--record=true'], specs)).toBe('kubectl run c --labels=app=x --image=nginx --record=true');
  });
});

describe('kubectl --record', () => {
  it('set image: warns on stderr, records the line, and rollout history shows it', () => {
    const s = session();
    s.run('kubectl apply -f web.yaml');
    s.run('sleep 30');
    expect(s.run('kubectl set image deploy web nginx=nginx:1.28 --record')).toMatchObject({
      stdout: 'deployment.apps/web image updated\n',
      stderr: DEPRECATED,
      exitCode: 0,
    });
    expect(causeOf(s, 'Deployment', 'web')).toBe('kubectl set image deploy web nginx=nginx:1.28 --record=true');
    s.run('sleep 30');
    expect(s.run('kubectl rollout history deployment/web').stdout).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         kubectl set image deploy web nginx=nginx:1.28 --record=true\n\n',
    );
    // The same image with the same change-cause: nothing to patch, nothing printed.
    expect(s.run('kubectl set image deploy web nginx=nginx:1.28 --record')).toMatchObject({ stdout: '', stderr: DEPRECATED, exitCode: 0 });
  });

  it('--record=false still warns and records nothing; without the flag nothing changes either', () => {
    const s = session();
    s.run('kubectl apply -f web.yaml');
    expect(s.run('kubectl set image deploy/web nginx=nginx:1.28 --record=false')).toMatchObject({ stdout: 'deployment.apps/web image updated\n', stderr: DEPRECATED });
    expect(causeOf(s, 'Deployment', 'web')).toBeUndefined();
    expect(s.run('kubectl scale deploy web --replicas=3')).toMatchObject({ stdout: 'deployment.apps/web scaled\n', stderr: '' });
    expect(causeOf(s, 'Deployment', 'web')).toBeUndefined();
  });

  it('scale records with a second patch, global flags spelled out', () => {
    const s = session();
    expect(s.run('kubectl scale deploy coredns -n kube-system --replicas=2 --record')).toMatchObject({
      stdout: 'deployment.apps/coredns scaled\n',
      stderr: DEPRECATED,
      exitCode: 0,
    });
    expect(causeOf(s, 'Deployment', 'coredns', 'kube-system')).toBe('kubectl scale deploy coredns --namespace=kube-system --replicas=2 --record=true');
  });

  it('apply and create -f record on the object, in its last-applied configuration too', () => {
    const s = session();
    expect(s.run('kubectl apply -f web.yaml --record')).toMatchObject({ stdout: 'deployment.apps/web created\n', stderr: DEPRECATED, exitCode: 0 });
    expect(causeOf(s, 'Deployment', 'web')).toBe('kubectl apply --filename=web.yaml --record=true');
    const d = s.cluster.get('Deployment', 'default', 'web') as KubeObject;
    expect(d.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('"kubernetes.io/change-cause":"kubectl apply --filename=web.yaml --record=true"');
    s.run('kubectl delete deploy web');
    expect(s.run('kubectl create -f web.yaml --record').stdout).toBe('deployment.apps/web created\n');
    expect(causeOf(s, 'Deployment', 'web')).toBe('kubectl create --filename=web.yaml --record=true');
  });

  it('expose, run and patch record on what they write', () => {
    const s = session();
    s.run('kubectl apply -f web.yaml');
    expect(s.run('kubectl expose deploy web --port=80 --record')).toMatchObject({ stdout: 'service/web exposed\n', stderr: DEPRECATED });
    expect(causeOf(s, 'Service', 'web')).toBe('kubectl expose deploy web --port=80 --record=true');
    expect(s.run('kubectl run c --image=nginx --record').stdout).toBe('pod/c created\n');
    expect(causeOf(s, 'Pod', 'c')).toBe('kubectl run c --image=nginx --record=true');
    expect(s.run(`kubectl patch svc web -p '{"spec":{"type":"NodePort"}}' --record`)).toMatchObject({ stdout: 'service/web patched\n', stderr: DEPRECATED });
    expect(causeOf(s, 'Service', 'web')).toBe('kubectl patch svc web --patch={"spec":{"type":"NodePort"}} --record=true');
  });

  it('shows the change-cause in a client dry run of the commands that record before it', () => {
    const s = session();
    const out = s.run('kubectl run c --image=nginx --record --dry-run=client -o yaml').stdout;
    // go-yaml folds the long plain scalar at its 80-column width.
    expect(out).toContain('  annotations:\n    kubernetes.io/change-cause: kubectl run c --image=nginx --record=true --dry-run=client\n      --output=yaml\n');
  });

  it('label and annotate record on the way to the server, not in a client dry run', () => {
    const s = session();
    s.run('kubectl apply -f web.yaml');
    expect(s.run('kubectl label deploy web tier=front --record --dry-run=client')).toMatchObject({ stdout: 'deployment.apps/web labeled (dry run)\n', stderr: DEPRECATED });
    expect(causeOf(s, 'Deployment', 'web')).toBeUndefined();
    expect(s.run('kubectl label deploy web tier=front --record').stdout).toBe('deployment.apps/web labeled\n');
    expect(causeOf(s, 'Deployment', 'web')).toBe('kubectl label deploy web tier=front --record=true');
    // The label is there already, but the new change-cause changes the object: labeled.
    expect(s.run('kubectl label deploy web tier=front --overwrite --record').stdout).toBe('deployment.apps/web labeled\n');
    expect(causeOf(s, 'Deployment', 'web')).toBe('kubectl label deploy web tier=front --overwrite=true --record=true');
    expect(s.run('kubectl annotate deploy web note=x --record').stdout).toBe('deployment.apps/web annotated\n');
    expect(causeOf(s, 'Deployment', 'web')).toBe('kubectl annotate deploy web note=x --record=true');
    // annotate records first, so a change-cause given by hand wins.
    s.run('kubectl annotate deploy web kubernetes.io/change-cause=mine --record');
    expect(causeOf(s, 'Deployment', 'web')).toBe('mine');
  });

  it('is no flag of the create generators, replace or get', () => {
    const s = session();
    expect(s.run('kubectl create deployment d --image=nginx --record').stderr).toBe("error: unknown flag: --record\nSee 'kubectl create deployment --help' for usage.\n");
    expect(s.run('kubectl get pods --record').stderr).toBe("error: unknown flag: --record\nSee 'kubectl get --help' for usage.\n");
    expect(s.run('kubectl replace -f web.yaml --record').stderr).toBe("error: unknown flag: --record\nSee 'kubectl replace --help' for usage.\n");
  });
});
