/** kubectl expose (kubernetes/kubectl pkg/cmd/expose/expose.go, polymorphichelpers). */
import type { Container, Protocol, Service, ServicePort, ServiceType } from '../../api/core.ts';
import type { KubeObject } from '../../api/objects.ts';
import { resourceForKind } from '../../api/resources.ts';
import { flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix, filenames, hasExplicitNamespace, namespaceOf, OUTPUT_FLAG, type KubectlCommand } from './command.ts';
import { asGenerated } from './generated-object.ts';
import { renderErrors, type KubectlError } from './errors.ts';
import { parseOutput } from './get.ts';
import { getNamed } from './list-objects.ts';
import { RECORD_FLAG, recorded } from './record-flag.ts';
import { printGet } from './print/index.ts';
import { parseResourceArgs, refOf } from './resource-args.ts';

interface Introspected {
  selector?: Record<string, string>;
  selectorError?: string;
  labels?: Record<string, string>;
  /** Container or service ports in order, with their protocols (MultiProtocolsForObject). */
  ports: { port: number; protocol: Protocol }[];
}

function containerPorts(containers: readonly Container[]): { port: number; protocol: Protocol }[] {
  return containers.flatMap((c) => (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' })));
}

/** Go's %+v of a []LabelSelectorRequirement: `[{Key:app Operator:In Values:[ex]}]`. */
function goRequirements(reqs: readonly { key: string; operator: string; values?: string[] }[]): string {
  return `[${reqs.map((r) => `{Key:${r.key} Operator:${r.operator} Values:[${(r.values ?? []).join(' ')}]}`).join(' ')}]`;
}

/** What expose can learn from the object: MapBasedSelectorForObject, PortsForObject, LabelsForObject. */
function introspect(obj: KubeObject): Introspected | undefined {
  switch (obj.kind) {
    case 'Pod': {
      const labels = obj.metadata.labels;
      return {
        selector: labels,
        selectorError: labels && Object.keys(labels).length ? undefined : 'the pod has no labels and cannot be exposed',
        labels,
        ports: containerPorts(obj.spec.containers),
      };
    }
    case 'Service': {
      const sel = obj.spec.selector;
      return {
        selector: sel,
        selectorError: sel && Object.keys(sel).length ? undefined : 'the service has no pod selector set',
        labels: obj.metadata.labels,
        ports: (obj.spec.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' })),
      };
    }
    case 'Deployment':
    case 'ReplicaSet': {
      const sel = obj.spec.selector;
      const kind = obj.kind.toLowerCase();
      let selectorError: string | undefined;
      if (sel.matchExpressions?.length) {
        selectorError = sel.matchLabels && Object.keys(sel.matchLabels).length
          ? `couldn't convert expressions - "${goRequirements(sel.matchExpressions)}" to map-based selector format`
          : `invalid ${kind}: no selectors, therefore cannot be exposed`;
      }
      return { selector: sel.matchLabels, selectorError, labels: obj.metadata.labels, ports: containerPorts(obj.spec.template.spec.containers) };
    }
    default:
      return undefined;
  }
}

/** `a=b,c=d` as expose's parseLabels reads --selector and --labels. */
function parseLabelSpec(s: string): Record<string, string> | { error: string } {
  const out: Record<string, string> = {};
  for (const pair of s.split(',')) {
    const kv = pair.split('=');
    if (kv.length !== 2) return { error: `unexpected label spec: ${pair}` };
    if (kv[0] === '') return { error: 'unexpected empty label key' };
    out[kv[0]] = kv[1];
  }
  return out;
}

/** One ServicePort per distinct port number and protocol, named as expose.go names them. */
function servicePorts(ports: readonly { port: number; protocol: Protocol }[], protocolFlag: Protocol | undefined, target: string | undefined): ServicePort[] {
  const numbers = [...new Set(ports.map((p) => p.port))];
  const out: ServicePort[] = [];
  numbers.forEach((port, i) => {
    const protocols = protocolFlag ? [protocolFlag] : [...new Set(ports.filter((p) => p.port === port).map((p) => p.protocol))];
    for (const protocol of protocols.length ? protocols : (['TCP'] as Protocol[])) {
      const named = numbers.length > 1 || protocols.length > 1;
      const name = protocols.length > 1 ? `port-${i + 1}-${protocol.toLowerCase()}` : `port-${i + 1}`;
      out.push({
        ...(named ? { name } : {}),
        port,
        protocol,
        // Without --target-port the target is the same number as the port (expose.go).
        targetPort: target === undefined ? port : /^\d+$/.test(target) ? Number(target) : target,
      });
    }
  });
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
    RECORD_FLAG,
  ],
  run(p: ParsedFlags, ctx: ShellContext, cause?: string): CommandOutput {
    if (filenames(p).length) return failure('error: svcsim: expose -f is not supported; name the resource instead (kubectl expose deployment NAME)');
    const dry = dryRunOf(p);
    if (typeof dry === 'object') return failure(`error: ${dry.error}`);
    const output = parseOutput(flagValue(p, 'output'));
    if (typeof output === 'object') return failure(output.error);
    if (p.args.length === 0) {
      return failure(
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    }
    const portFlag = flagValue(p, 'port');
    const affinity = flagValue(p, 'session-affinity');
    if (affinity !== undefined && affinity !== 'None' && affinity !== 'ClientIP') return failure(`error: unknown session affinity: ${affinity}`);
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
        // canbeexposed.go prints the GroupKind: `DaemonSet.apps`.
        if (!info) return failure(`error: cannot expose a ${obj.kind}${resourceForKind(obj.kind).group ? `.${resourceForKind(obj.kind).group}` : ''}`);
        const selectorFlag = flagValue(p, 'selector');
        let selector: Record<string, string> | undefined;
        if (selectorFlag) {
          const s = parseLabelSpec(selectorFlag);
          if ('error' in s) return failure(`error: ${s.error}`);
          selector = s as Record<string, string>;
        } else {
          if (info.selectorError) return failure(`error: couldn't retrieve selectors via --selector flag or introspection: ${info.selectorError}`);
          selector = info.selector;
        }
        const protocolFlag = flagValue(p, 'protocol') as Protocol | undefined;
        const headless = flagValue(p, 'cluster-ip') === 'None';
        const ports = portFlag ? [{ port: Number(portFlag), protocol: info.ports.find((x) => x.port === Number(portFlag))?.protocol ?? 'TCP' }] : info.ports;
        // v1.33 returns this as a plain error, no usage hint (expose.go RunExpose).
        if (!ports.length && !headless) return failure("error: couldn't find port via --port flag or introspection");
        const labelsFlag = flagValue(p, 'labels');
        let labels = info.labels;
        if (labelsFlag) {
          const l = parseLabelSpec(labelsFlag);
          if ('error' in l) return failure(`error: ${l.error}`);
          labels = l as Record<string, string>;
        }
        // createService reads --port with strconv.Atoi after the selector and labels, once the object is found.
        if (portFlag && !/^[+-]?\d+$/.test(portFlag)) return failure(`error: strconv.Atoi: parsing ${JSON.stringify(portFlag)}: invalid syntax`);
        const type = flagValue(p, 'type') as ServiceType | undefined;
        // Service names are DNS-1035 labels: expose cuts a longer name to 63 characters.
        const name = (flagValue(p, 'name') ?? obj.metadata.name).slice(0, 63);
        // expose.go records on the generated Service before any dry run.
        const svc: Service = recorded<Service>({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name, namespace, ...(labels && Object.keys(labels).length ? { labels } : {}) },
          spec: {
            ports: servicePorts(portFlag ? ports.map((x) => ({ ...x, protocol: x.protocol })) : ports, protocolFlag, flagValue(p, 'target-port')),
            selector,
            ...(type ? { type } : {}),
            ...(flagValue(p, 'external-ip') ? { externalIPs: [flagValue(p, 'external-ip') as string] } : {}),
            ...(flagValue(p, 'cluster-ip') ? { clusterIP: flagValue(p, 'cluster-ip') } : {}),
            ...(type === 'LoadBalancer' && flagValue(p, 'load-balancer-ip') ? { loadBalancerIP: flagValue(p, 'load-balancer-ip') } : {}),
            ...(affinity ? { sessionAffinity: affinity as 'None' | 'ClientIP' } : {}),
          },
        }, cause);
        let made: Service = dry === 'client' ? (asGenerated(svc, hasExplicitNamespace(p)) as Service) : svc;
        if (dry !== 'client') {
          const r = ctx.cluster.create(svc, { dryRun: dry === 'server' });
          if (!r.ok) {
            errors.push({ kind: 'status', status: r.error });
            continue;
          }
          made = r.object as Service;
        }
        if (output && output !== 'wide') stdout += printGet([{ resource: resourceForKind('Service'), objects: [made] }], { output, singleItem: true }, ctx.cluster).stdout;
        else stdout += `${refOf(made)} exposed${dryRunSuffix(dry)}\n`;
      }
    }
    return { stdout, stderr: renderErrors(errors), exitCode: errors.length ? 1 : 0 };
  },
};
