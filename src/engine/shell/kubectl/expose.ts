/** kubectl expose (kubernetes/kubectl pkg/cmd/expose/expose.go, polymorphichelpers). */
import type { Container, Protocol, Service, ServicePort, ServiceType } from '../../api/core.ts';
import type { KubeObject } from '../../api/objects.ts';
import { flagValue, flagList, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix, namespaceOf, OUTPUT_FLAG, type KubectlCommand } from './command.ts';
import { renderErrors, type KubectlError } from './errors.ts';
import { getNamed } from './list-objects.ts';
import { parseResourceArgs, refOf } from './resource-args.ts';

interface Introspected {
  selector?: Record<string, string>;
  selectorError?: string;
  labels?: Record<string, string>;
  ports: { port: number; protocol: Protocol }[];
}

function containerPorts(containers: readonly Container[]): { port: number; protocol: Protocol }[] {
  return containers.flatMap((c) => (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' })));
}

/** What expose can learn from the object: MapBasedSelectorForObject, PortsForObject, LabelsForObject. */
function introspect(obj: KubeObject): Introspected | undefined {
  switch (obj.kind) {
    case 'Pod':
      return { selector: obj.metadata.labels, labels: obj.metadata.labels, ports: containerPorts(obj.spec.containers) };
    case 'Service':
      return {
        selector: obj.spec.selector,
        labels: obj.metadata.labels,
        ports: (obj.spec.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' })),
      };
    case 'Deployment':
    case 'ReplicaSet': {
      const sel = obj.spec.selector;
      const selectorError = sel.matchExpressions?.length
        ? `couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format`
        : undefined;
      return { selector: sel.matchLabels, selectorError, labels: obj.metadata.labels, ports: containerPorts(obj.spec.template.spec.containers) };
    }
    default:
      return undefined;
  }
}

function parseSelectorMap(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of s.split(',')) {
    const [k, v] = pair.split('=');
    if (k) out[k.trim()] = (v ?? '').trim();
  }
  return out;
}

export const expose: KubectlCommand = {
  name: 'expose',
  flags: [
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    { name: 'port', type: 'string' },
    { name: 'target-port', type: 'string' },
    { name: 'protocol', type: 'string' },
    { name: 'type', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'selector', type: 'string' },
    { name: 'labels', shorthand: 'l', type: 'string' },
    { name: 'external-ip', type: 'string' },
    { name: 'cluster-ip', type: 'string' },
    { name: 'load-balancer-ip', type: 'string' },
    { name: 'session-affinity', type: 'string' },
    { name: 'filename', shorthand: 'f', type: 'stringArray' },
  ],
  run(p: ParsedFlags, ctx: ShellContext): CommandOutput {
    if (flagList(p, 'filename').length) return failure('error: svcsim: expose -f is not supported; name the resource instead (kubectl expose deployment NAME)');
    const dry = dryRunOf(p);
    if (typeof dry === 'object') return failure(`error: ${dry.error}`);
    if (p.args.length === 0) {
      return failure(
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    }
    const parsed = parseResourceArgs(p.args);
    if (!parsed.ok) return failure(parsed.error);
    const namespace = namespaceOf(p);
    const errors: KubectlError[] = [];
    let stdout = '';
    for (const req of parsed.requests) {
      if (!req.names.length) return failure('error: resource(s) were provided, but no name was specified');
      const found = getNamed(ctx.cluster, req.resource, req.names, { namespace, allNamespaces: false });
      errors.push(...found.errors);
      for (const obj of found.objects) {
        const info = introspect(obj);
        if (!info) return failure(`error: cannot expose a ${obj.kind}`);
        const selectorFlag = flagValue(p, 'selector');
        if (!selectorFlag && info.selectorError) return failure(`error: ${info.selectorError}`);
        const selector = selectorFlag ? parseSelectorMap(selectorFlag) : info.selector;
        if (!selector || !Object.keys(selector).length) {
          return failure(`error: couldn't retrieve selectors via --selector flag or introspection: the ${obj.kind.toLowerCase()} has no labels\nSee 'kubectl expose -h' for help and examples`);
        }
        const portFlag = flagValue(p, 'port');
        const protocolFlag = flagValue(p, 'protocol') as Protocol | undefined;
        const ports = portFlag ? portFlag.split(',').map((x) => ({ port: Number(x), protocol: protocolFlag ?? 'TCP' })) : info.ports.map((x) => ({ ...x, protocol: protocolFlag ?? x.protocol }));
        if (!ports.length) return failure("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples");
        const targetFlag = flagValue(p, 'target-port');
        const servicePorts: ServicePort[] = ports.map((x, i) => ({
          ...(ports.length > 1 ? { name: `port-${i + 1}` } : {}),
          port: x.port,
          protocol: x.protocol,
          // Without --target-port the target is the same number as the port (expose.go).
          targetPort: targetFlag === undefined ? x.port : /^\d+$/.test(targetFlag) ? Number(targetFlag) : targetFlag,
        }));
        const labelsFlag = flagValue(p, 'labels');
        const labels = labelsFlag ? parseSelectorMap(labelsFlag) : info.labels;
        const svc: Service = {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: flagValue(p, 'name') ?? obj.metadata.name, namespace, ...(labels && Object.keys(labels).length ? { labels } : {}) },
          spec: {
            ports: servicePorts,
            selector,
            ...(flagValue(p, 'type') ? { type: flagValue(p, 'type') as ServiceType } : {}),
            ...(flagValue(p, 'external-ip') ? { externalIPs: [flagValue(p, 'external-ip') as string] } : {}),
            ...(flagValue(p, 'cluster-ip') ? { clusterIP: flagValue(p, 'cluster-ip') } : {}),
            ...(flagValue(p, 'load-balancer-ip') ? { loadBalancerIP: flagValue(p, 'load-balancer-ip') } : {}),
            ...(flagValue(p, 'session-affinity') ? { sessionAffinity: flagValue(p, 'session-affinity') as 'None' | 'ClientIP' } : {}),
          },
        };
        if (dry === 'client') {
          stdout += `${refOf(svc)} exposed${dryRunSuffix(dry)}\n`;
          continue;
        }
        const r = ctx.cluster.create(svc, { dryRun: dry === 'server' });
        if (!r.ok) {
          errors.push({ kind: 'status', status: r.error });
          continue;
        }
        stdout += `${refOf(r.object)} exposed${dryRunSuffix(dry)}\n`;
      }
    }
    return { stdout, stderr: renderErrors(errors), exitCode: errors.length ? 1 : 0 };
  },
};
