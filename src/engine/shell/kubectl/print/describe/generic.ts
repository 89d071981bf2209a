/** kubectl describe configmap and replicaset (kubectl v1.33 pkg/describe/describe.go). */
import type { KubeObject } from '../../../../api/objects.ts';
import type { ClusterReader } from '../../../../cluster/types.ts';
import { formatLabelSelector } from '../labels.ts';
import { describePodTemplate } from './deployment.ts';
import { controllerOf, describeEvents, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline } from './prefix-writer.ts';

export function describeGeneric(obj: KubeObject, cluster: ClusterReader): string {
  const w = new PrefixWriter();
  const events = () => describeEvents(w, cluster.events(obj.kind, obj.metadata.namespace, obj.metadata.name), cluster.now());
  if (obj.kind === 'ConfigMap') {
    w.write(0, `Name:\t${obj.metadata.name}\n`);
    w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    w.write(0, '\nData\n====\n');
    for (const k of Object.keys(obj.data ?? {}).sort()) w.write(0, `${k}:\n----\n${obj.data?.[k]}\n\n`);
    w.write(0, '\nBinaryData\n====\n');
    for (const k of Object.keys(obj.binaryData ?? {}).sort()) w.write(0, `${k}: ${Math.floor(((obj.binaryData?.[k] ?? '').replace(/=+$/, '').length * 3) / 4)} bytes\n`);
    w.write(0, '\n');
    events();
    return w.toString();
  }
  if (obj.kind === 'ReplicaSet') {
    w.write(0, `Name:\t${obj.metadata.name}\n`);
    w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    w.write(0, `Selector:\t${formatLabelSelector(obj.spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    const controlledBy = controllerOf(obj.metadata.ownerReferences);
    if (controlledBy) w.write(0, `Controlled By:\t${controlledBy}\n`);
    w.write(0, `Replicas:\t${obj.status?.replicas ?? 0} current / ${obj.spec.replicas ?? 1} desired\n`);
    const pods = cluster.list('Pod', obj.metadata.namespace).filter((p) => (p.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === obj.metadata.uid && o.kind === 'ReplicaSet'));
    const count = (phase: string) => pods.filter((p) => p.status?.phase === phase).length;
    w.write(0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`);
    describePodTemplate(w, obj.spec.template);
    events();
    return w.toString();
  }
  w.write(0, `Name:\t${obj.metadata.name}\n`);
  events();
  return w.toString();
}
