/** kubectl describe daemonset (kubectl v1.33 pkg/describe/describe.go DaemonSetDescriber). */
import type { DaemonSet } from '../../../../api/apps.ts';
import { matchesSelector, selectorFromLabelSelector } from '../../../../api/labels.ts';
import type { ClusterReader } from '../../../../cluster/types.ts';
import { formatLabels, formatLabelSelector } from '../labels.ts';
import { describePodTemplate } from './deployment.ts';
import { describeEvents, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline } from './prefix-writer.ts';

/** getPodStatusForController: the selected pods of the namespace by phase. */
function podPhases(ds: DaemonSet, cluster: ClusterReader): [number, number, number, number] {
  const selector = selectorFromLabelSelector(ds.spec.selector);
  const counts: [number, number, number, number] = [0, 0, 0, 0];
  for (const p of cluster.list('Pod', ds.metadata.namespace)) {
    if (!matchesSelector(selector, p.metadata.labels)) continue;
    const phase = p.status?.phase;
    if (phase === 'Running') counts[0]++;
    else if (phase === 'Pending') counts[1]++;
    else if (phase === 'Succeeded') counts[2]++;
    else if (phase === 'Failed') counts[3]++;
  }
  return counts;
}

export function describeDaemonSet(ds: DaemonSet, cluster: ClusterReader): string {
  const w = new PrefixWriter();
  const st = ds.status;
  const [running, waiting, succeeded, failed] = podPhases(ds, cluster);
  w.write(0, `Name:\t${ds.metadata.name}\n`);
  w.write(0, `Namespace:\t${ds.metadata.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(ds.spec.selector)}\n`);
  w.write(0, `Node-Selector:\t${formatLabels(ds.spec.template.spec.nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', ds.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
  // These five lines carry no tab: tabwriter leaves them as written.
  w.write(0, `Desired Number of Nodes Scheduled: ${st?.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${st?.currentNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${st?.updatedNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${st?.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${st?.numberMisscheduled ?? 0}\n`);
  w.write(0, `Pods Status:\t${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`);
  describePodTemplate(w, ds.spec.template);
  describeEvents(w, cluster.events('DaemonSet', ds.metadata.namespace, ds.metadata.name), cluster.now());
  return w.toString();
}
