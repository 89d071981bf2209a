/**
 * kubectl port-forward (kubectl pkg/cmd/portforward, client-go tools/portforward): the pod is
 * the one named, or the first running pod a Service or Deployment selects (as exec finds it);
 * a Service's port is translated to the pod's port (translateServicePortToTargetPort, named
 * ports by the pod's containers), and the forward prints "Forwarding from ADDRESS -> PORT" for
 * 127.0.0.1 and [::1]. A real port-forward then holds the terminal until Ctrl-C; svcsim keeps it
 * behind the console, so that `curl localhost:LOCAL` on the console's node reaches the pod the
 * way the kubelet's forward does: from inside the pod, to its own loopback.
 */
import type { Pod, Service } from '../../api/core.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import type { ParsedFlags } from '../flags.ts';
import { namespaceOf, type KubectlCommand } from './command.ts';
import { attachablePod } from './exec.ts';

const USAGE = "\nSee 'kubectl port-forward -h' for help and examples";

function splitPort(port: string): [local: string, remote: string] {
  const i = port.indexOf(':');
  return i < 0 ? [port, port] : [port.slice(0, i) || port.slice(i + 1), port.slice(i + 1)];
}

/** pkg/util pod_port.go LookupContainerPortNumberByName. */
function containerPortByName(pod: Pod, name: string): number | string {
  for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    for (const p of c.ports ?? []) if (p.name === name) return p.containerPort;
  }
  return `Pod '${pod.metadata.name}' does not have a named port '${name}'`;
}

/** translateServicePortToTargetPort: each [LOCAL:]PORT of the Service as the pod's port. */
function servicePorts(ports: readonly string[], svc: Service, pod: Pod): [number, number][] | string {
  const out: [number, number][] = [];
  for (const port of ports) {
    let [local, remote] = splitPort(port);
    let num = Number(remote);
    if (!/^\d+$/.test(remote)) {
      const named = (svc.spec.ports ?? []).find((p) => p.name === remote);
      if (!named) return `Service '${svc.metadata.name}' does not have a named port '${remote}'`;
      num = named.port;
      if (local === remote) local = String(num);
    }
    const sp = (svc.spec.ports ?? []).find((p) => p.port === num);
    if (!sp) return `Service ${svc.metadata.name} does not have a service port ${num}`;
    let target: number | string;
    if (svc.spec.clusterIP === 'None') target = num;
    else if (typeof sp.targetPort === 'string') target = containerPortByName(pod, sp.targetPort);
    else target = sp.targetPort || sp.port;
    if (typeof target === 'string') return target;
    out.push([Number(local === remote && /^\d+$/.test(remote) ? target : local), target]);
  }
  return out;
}

/** convertPodNamedPortToNumber: a pod's (or a workload's pod's) [LOCAL:]PORT, named ports resolved. */
function podPorts(ports: readonly string[], pod: Pod): [number, number][] | string {
  const out: [number, number][] = [];
  for (const port of ports) {
    const [local, remote] = splitPort(port);
    if (remote === '') return 'remote port cannot be empty';
    const target = /^\d+$/.test(remote) ? Number(remote) : containerPortByName(pod, remote);
    if (typeof target === 'string') return target;
    out.push([local === remote ? target : Number(local), target]);
  }
  return out;
}

export const portForward: KubectlCommand = {
  name: 'port-forward',
  flags: [
    { name: 'address', type: 'stringArray' },
    { name: 'pod-running-timeout', type: 'string' },
  ],
  run(p: ParsedFlags, ctx: ShellContext): CommandOutput {
    if (p.args.length < 2) return failure(`error: TYPE/NAME and list of ports are required for port-forward${USAGE}`);
    const namespace = namespaceOf(p);
    const found = attachablePod(ctx, namespace, p.args[0]);
    if ('error' in found) return failure(found.error);
    const { pod, obj } = found;
    const ports = obj.kind === 'Service' ? servicePorts(p.args.slice(1), obj, pod) : podPorts(p.args.slice(1), pod);
    if (typeof ports === 'string') return failure(`error: ${ports}`);
    if (pod.status?.phase !== 'Running' || !pod.spec.nodeName) return failure(`error: unable to forward port because pod is not running. Current status=${pod.status?.phase ?? 'Pending'}`);
    const addresses = (p.values.get('address') ?? ['localhost']).flatMap((a) => a.split(','));
    if (addresses.some((a) => a !== 'localhost')) return failure(`svcsim: port-forward --address ${addresses.join(',')} is not simulated (localhost is)`);
    if (!ctx.forward) return failure('svcsim: port-forward needs the console to keep it running; run it there');
    let stdout = '';
    for (const [local, remote] of ports) {
      const taken = ctx.forward(local, { namespace: pod.metadata.namespace ?? namespace, name: pod.metadata.name, node: pod.spec.nodeName, port: remote });
      if (taken) return failure(taken);
      stdout += `Forwarding from 127.0.0.1:${local} -> ${remote}\nForwarding from [::1]:${local} -> ${remote}\n`;
    }
    const first = ports[0][0];
    return {
      stdout,
      stderr: `svcsim: port-forward keeps running behind the console (a terminal would be held until Ctrl-C): curl localhost:${first} on ${ctx.host} reaches pod/${pod.metadata.name}\n`,
      exitCode: 0,
    };
  },
};
