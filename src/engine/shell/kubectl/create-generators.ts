/**
 * kubectl's generators: create namespace, create service <type>, create deployment
 * (kubernetes/kubectl pkg/cmd/create/{create_namespace,create_service,create_deployment}.go).
 */
import type { Deployment } from '../../api/apps.ts';
import type { Namespace, Service, ServicePort, ServiceType } from '../../api/core.ts';
import type { KubeObject } from '../../api/objects.ts';
import { flagList, flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix, hasExplicitNamespace, namespaceOf, OUTPUT_FLAG, type KubectlCommand } from './command.ts';
import { asGenerated } from './generated-object.ts';
import { renderErrors, statusErr } from './errors.ts';
import { refOf } from './resource-args.ts';
import { parseOutput } from './get.ts';
import { printGet } from './print/index.ts';
import { resourceForKind } from '../../api/resources.ts';
import { isDNS1123Subdomain, isValidPortName, isValidPortNum } from '../../cluster/validation/formats.ts';

/** Prints what a generator made: `-o yaml|json|name|...` prints the object, else `kind/name created`. */
function printMade(ctx: ShellContext, p: ParsedFlags, obj: KubeObject, suffix: string): CommandOutput {
  const output = parseOutput(flagValue(p, 'output'));
  if (typeof output === 'object') return failure(output.error);
  if (output && output !== 'wide') {
    return printGet([{ resource: resourceForKind(obj.kind), objects: [obj] }], { output, singleItem: true }, ctx.cluster);
  }
  return { stdout: `${refOf(obj)} created${suffix}\n`, stderr: '', exitCode: 0 };
}

function createOne(ctx: ShellContext, p: ParsedFlags, obj: KubeObject, wrap?: (message: string) => string): CommandOutput {
  const dry = dryRunOf(p);
  if (typeof dry === 'object') return failure(`error: ${dry.error}`);
  if (dry === 'client') return printMade(ctx, p, asGenerated(obj, hasExplicitNamespace(p)), dryRunSuffix(dry));
  const r = ctx.cluster.create(obj, { dryRun: dry === 'server' });
  if (!r.ok) {
    // create service / deployment wrap the API error in their own words, so kubectl prints it as a plain error.
    if (wrap) return failure(`error: ${wrap(r.error.message)}`);
    return failure(renderErrors([statusErr(r.error)]));
  }
  return printMade(ctx, p, r.object, dryRunSuffix(dry));
}

function oneName(p: ParsedFlags, what: string): string | { error: string } {
  if (p.args.length === 0) return { error: `error: exactly one NAME is required, got 0\nSee 'kubectl create ${what} -h' for help and examples` };
  if (p.args.length > 1) return { error: `error: exactly one NAME is required, got ${p.args.length}\nSee 'kubectl create ${what} -h' for help and examples` };
  return p.args[0];
}

export const createNamespace: KubectlCommand = {
  name: 'create namespace',
  flags: [DRY_RUN_FLAG, OUTPUT_FLAG],
  run(p, ctx) {
    const name = oneName(p, 'namespace');
    if (typeof name === 'object') return failure(name.error);
    const ns: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
    return createOne(ctx, p, ns);
  },
};

/**
 * `--tcp=80:8080` -> port 80, targetPort 8080; `80` -> 80 -> 80; a named target stays a name.
 * Checked client-side as create_service.go parsePorts does (utilnet.ParsePort, IsValidPortName/Num).
 */
function parsePort(spec: string): { port: number; targetPort: number | string } | { error: string } {
  const parts = spec.split(':');
  const a = parts[0];
  if (!/^\d+$/.test(a)) return { error: `strconv.ParseUint: parsing ${JSON.stringify(a)}: invalid syntax` };
  const port = Number(a);
  if (port > 65535) return { error: `strconv.ParseUint: parsing ${JSON.stringify(a)}: value out of range` };
  if (parts.length === 1) return { port, targetPort: port };
  const b = parts[1];
  if (/^-?\d+$/.test(b)) {
    const errs = isValidPortNum(Number(b));
    return errs.length ? { error: errs.join(',') } : { port, targetPort: Number(b) };
  }
  const errs = isValidPortName(b);
  return errs.length ? { error: errs.join(',') } : { port, targetPort: b };
}

function serviceGenerator(type: ServiceType, sub: string): KubectlCommand {
  const flags = [
    DRY_RUN_FLAG,
    OUTPUT_FLAG,
    { name: 'tcp', type: 'stringArray' as const },
    ...(type !== 'ExternalName' ? [{ name: 'clusterip', type: 'string' as const }] : []),
    ...(type === 'NodePort' ? [{ name: 'node-port', type: 'int' as const }] : []),
    ...(type === 'ExternalName' ? [{ name: 'external-name', type: 'string' as const }] : []),
  ];
  return {
    name: `create service ${sub}`,
    flags,
    run(p, ctx) {
      // cobra checks required flags before the command runs.
      if (type === 'ExternalName' && !p.values.has('external-name')) return failure('error: required flag(s) "external-name" not set');
      const name = oneName(p, `service ${sub}`);
      if (typeof name === 'object') return failure(name.error);
      const tcp = flagList(p, 'tcp', true);
      const clusterIP = flagValue(p, 'clusterip');
      const externalName = flagValue(p, 'external-name') ?? '';
      if (type === 'ExternalName' && isDNS1123Subdomain(externalName).length) return failure(`error: invalid service external name ${externalName}`);
      if (clusterIP === 'None' && type !== 'ClusterIP') return failure('error: ClusterIP=None can only be used with ClusterIP service type');
      if (clusterIP !== 'None' && tcp.length === 0 && type !== 'ExternalName') return failure('error: at least one tcp port specifier must be provided');
      const nodePort = Number(flagValue(p, 'node-port') ?? 0);
      const ports: ServicePort[] = [];
      for (const t of tcp) {
        const parsed = parsePort(t);
        if ('error' in parsed) return failure(`error: ${parsed.error}`);
        ports.push({
          name: t.replaceAll(':', '-'),
          port: parsed.port,
          targetPort: parsed.targetPort,
          protocol: 'TCP',
          ...(nodePort ? { nodePort } : {}),
        });
      }
      const svc: Service = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: namespaceOf(p), labels: { app: name } },
        spec: {
          type,
          selector: { app: name },
          ports,
          ...(type === 'ExternalName' ? { externalName } : {}),
          ...(clusterIP ? { clusterIP } : {}),
        },
      };
      return createOne(ctx, p, svc, (m) => `failed to create ${type} service: ${m}`);
    },
  };
}

export const createServiceClusterIP = serviceGenerator('ClusterIP', 'clusterip');
export const createServiceNodePort = serviceGenerator('NodePort', 'nodeport');
export const createServiceLoadBalancer = serviceGenerator('LoadBalancer', 'loadbalancer');
export const createServiceExternalName = serviceGenerator('ExternalName', 'externalname');

/** The container name kubectl derives from an image: its last path part without tag or digest. */
function containerNameOf(image: string): string {
  const base = image.split('/').pop() ?? image;
  return base.split('@')[0].split(':')[0];
}

export const createDeployment: KubectlCommand = {
  name: 'create deployment',
  flags: [DRY_RUN_FLAG, OUTPUT_FLAG, { name: 'image', type: 'stringArray' }, { name: 'replicas', shorthand: 'r', type: 'int32' }, { name: 'port', type: 'int32' }],
  run(p, ctx) {
    // cobra checks the required --image before the command runs, so before the NAME.
    if (!p.values.has('image')) return failure('error: required flag(s) "image" not set');
    const name = oneName(p, 'deployment');
    if (typeof name === 'object') return failure(name.error);
    const images = flagList(p, 'image', true);
    if (!images.length) return failure('error: required flag(s) "image" not set');
    // The words after `--` are the containers' command (create_deployment.go Complete, Validate).
    const command = p.dashArgs?.length ? p.dashArgs : undefined;
    if (command && images.length > 1) return failure('error: cannot specify multiple --image options and command');
    const port = flagValue(p, 'port');
    const labels = { app: name };
    const deploy: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: namespaceOf(p), labels },
      spec: {
        replicas: Number(flagValue(p, 'replicas') ?? 1),
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: images.map((image) => ({
              name: containerNameOf(image),
              image,
              ...(command ? { command: [...command] } : {}),
              ...(port !== undefined ? { ports: [{ containerPort: Number(port) }] } : {}),
            })),
          },
        },
      },
    };
    return createOne(ctx, p, deploy, (m) => `failed to create deployment: ${m}`);
  },
};
