/** kubectl describe configmap and replicaset (kubectl v1.33 pkg/describe/describe.go). */
import type { KubeObject } from '../../../../api/objects.ts';
import type { ClusterReader } from '../../../../cluster/types.ts';
import { formatLabelSelector } from '../labels.ts';
import { describePodTemplate } from './deployment.ts';
import { podPhasesOf } from './pod-phases.ts';
import { controllerOf, describeEvents, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline } from './prefix-writer.ts';
import type { DescribeSettings } from './prefix-writer.ts';

export function describeGeneric(obj: KubeObject, cluster: ClusterReader, settings: DescribeSettings = {}): string {
  const w = new PrefixWriter();
  const events = () => settings.showEvents !== false && describeEvents(w, cluster.events(obj.kind, obj.metadata.namespace, obj.metadata.name), cluster.now());
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
    const [running, waiting, succeeded, failed] = podPhasesOf(obj, cluster);
    w.write(0, `Pods Status:\t${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`);
    describePodTemplate(w, obj.spec.template);
    const conditions = (obj.status as { conditions?: { type: string; status: string; reason?: string }[] } | undefined)?.conditions ?? [];
    if (conditions.length) {
      w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(1, '----\t------\t------\n');
      for (const c of conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    events();
    return w.toString();
  }
  w.write(0, `Name:\t${obj.metadata.name}\n`);
  events();
  return w.toString();
}
