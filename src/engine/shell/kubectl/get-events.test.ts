/** kubectl get events (printers.go printEvent; etcd order of `<object>.<hex time>` names). */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';

describe('kubectl get events', () => {
  it('lists each object\'s events together, pods before their ReplicaSet before the Deployment', () => {
    const s = createSession();
    expect(s.run('kubectl get events')).toMatchObject({ stdout: '', stderr: 'No resources found in default namespace.\n' });
    s.run('kubectl create deployment web --image=traefik/whoami --replicas=1');
    const pod = s.cluster.list('Pod', 'default')[0];
    const rs = s.cluster.list('ReplicaSet', 'default')[0].metadata.name;
    const p = pod.metadata.name;
    expect(s.run('kubectl get events').stdout).toBe(
      [
        'LAST SEEN   TYPE     REASON              OBJECT                      MESSAGE',
        `1s          Normal   Scheduled           pod/${p}    Successfully assigned default/${p} to ${pod.spec.nodeName}`,
        `1s          Normal   Pulled              pod/${p}    Container image "traefik/whoami" already present on machine`,
        `1s          Normal   Created             pod/${p}    Created container: whoami`,
        `1s          Normal   Started             pod/${p}    Started container whoami`,
        `1s          Normal   SuccessfulCreate    replicaset/${rs}   Created pod: ${p}`,
        `1s          Normal   ScalingReplicaSet   deployment/web              Scaled up replica set ${rs} from 0 to 1`,
        '',
      ].join('\n'),
    );
  });

  it('-o wide adds the container (SUBOBJECT), the reporter and its host or instance, the first time, the count and the name', () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=traefik/whoami --replicas=1');
    const pod = s.cluster.list('Pod', 'default')[0];
    const p = pod.metadata.name;
    const rows = s.run(`kubectl get events -o wide --field-selector involvedObject.name=${p}`).stdout.split('\n');
    expect(rows[0].split(/\s{2,}/)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME']);
    // The scheduler reports through events.k8s.io: reportingController, and reportingInstance `<controller>-<hostname>`.
    expect(rows[1]).toMatch(new RegExp(`^1s +Normal +Scheduled +pod/${p} +default-scheduler, default-scheduler-master200 +Successfully assigned default/${p} to ${pod.spec.nodeName} +1s +1 +${p}\\.[0-9a-f]+$`));
    expect(rows[2]).toMatch(new RegExp(`^1s +Normal +Pulled +pod/${p} +spec\\.containers\\{whoami\\} +kubelet, ${pod.spec.nodeName} +Container image "traefik/whoami" already present on machine +1s +1 +${p}\\.[0-9a-f]+$`));
    expect(s.run(`kubectl get events --field-selector involvedObject.fieldPath=spec.containers{whoami} -o name`).stderr).toBe('error: svcsim: kubectl get events prints its tables only (not -o name)\n');
    expect(s.run('kubectl get events --field-selector involvedObject.fieldPath=spec.containers{whoami}').stdout.trim().split('\n').length).toBe(4);
  });

  it('filters by field, sorts by time (the scheduler\'s events have no lastTimestamp), and forgets after an hour', () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=traefik/whoami --replicas=1');
    s.run('sleep 30');
    s.run('kubectl scale deployment web --replicas=2');
    const reasons = (line: string) => s.run(line).stdout.trim().split('\n').slice(1).map((l) => l.split(/\s{2,}/)[2]);
    expect(reasons('kubectl get events --field-selector involvedObject.kind=Deployment')).toEqual(['ScalingReplicaSet', 'ScalingReplicaSet']);
    // Events carry no labels: a selector that needs one matches none, one that needs none matches all.
    expect(s.run('kubectl get events -l app=web')).toMatchObject({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
    expect(reasons('kubectl get events -l "!app"')).toEqual(reasons('kubectl get events'));
    expect(reasons('kubectl get events --sort-by=.lastTimestamp').slice(0, 2)).toEqual(['Scheduled', 'Scheduled']);
    expect(s.run('kubectl get events --field-selector nosuch=1').stderr).toBe(
      'Error from server (BadRequest): Unable to find "/v1, Resource=events" that match label selector "", field selector "nosuch=1": field label not supported: nosuch\n',
    );
    s.run('sleep 3600');
    expect(s.run('kubectl get events -A')).toMatchObject({ stdout: '', stderr: 'No resources found\n' });
  });
});
