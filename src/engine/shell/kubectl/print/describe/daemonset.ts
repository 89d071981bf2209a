/** kubectl describe daemonset (kubectl v1.33 pkg/describe/describe.go DaemonSetDescriber). */
import type { DaemonSet } from '../../../../api/apps.ts';
import type { ClusterReader } from '../../../../cluster/types.ts';
import { formatLabels, formatLabelSelector } from '../labels.ts';
import { describePodTemplate } from './deployment.ts';
import { podPhasesOf } from './pod-phases.ts';
import { describeEvents, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline } from './prefix-writer.ts';
import type { DescribeSettings } from './prefix-writer.ts';

export function describeDaemonSet(ds: DaemonSet, cluster: ClusterReader, settings: DescribeSettings = {}): string {
  const w = new PrefixWriter();
  const st = ds.status;
  const [running, waiting, succeeded, failed] = podPhasesOf(ds, cluster);
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
  if (settings.showEvents !== false) describeEvents(w, cluster.events('DaemonSet', ds.metadata.namespace, ds.metadata.name), cluster.now());
  return w.toString();
}
