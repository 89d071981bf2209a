/** kubectl's informational commands: version, cluster-info, api-resources, explain, edit. */
import { RESOURCES } from '../../api/resources.ts';
import { flagBool, flagList, flagValue } from '../flags.ts';
import { failure, type CommandOutput } from '../context.ts';
import { explain as explainPath } from './explain/index.ts';
import { tabwriter } from './print/index.ts';
import { namespaceOf, type KubectlCommand } from './command.ts';
import { renderErrors } from './errors.ts';
import { objectsOf } from './list-objects.ts';
import { parseResourceArgs } from './resource-args.ts';

/** cli-runtime builder.go missingResourceError. */
const MISSING_RESOURCE =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/** kubectl v1.33 embeds kustomize v5.6.0. */
const KUSTOMIZE_VERSION = 'v5.6.0';

export const version: KubectlCommand = {
  name: 'version',
  flags: [{ name: 'client', type: 'bool' }, { name: 'output', shorthand: 'o', type: 'string' }],
  run(p, ctx): CommandOutput {
    const v = ctx.cluster.settings.kubernetesVersion;
    const client = `Client Version: ${v}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`;
    return { stdout: flagBool(p, 'client') ? client : `${client}Server Version: ${v}\n`, stderr: '', exitCode: 0 };
  },
};

export const clusterInfo: KubectlCommand = {
  name: 'cluster-info',
  flags: [],
  run(_p, ctx): CommandOutput {
    const nodes = ctx.cluster.list('Node');
    const cp =
      nodes.find((n) => n.metadata.labels && 'node-role.kubernetes.io/control-plane' in n.metadata.labels) ?? nodes[0];
    const ip = cp?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '127.0.0.1';
    const server = `https://${ip}:6443`;
    let out = `Kubernetes control plane is running at ${server}\n`;
    // cluster-info lists Services in kube-system labelled kubernetes.io/cluster-service=true.
    for (const svc of ctx.cluster.list('Service', 'kube-system')) {
      if (svc.metadata.labels?.['kubernetes.io/cluster-service'] !== 'true') continue;
      const name = svc.metadata.labels['kubernetes.io/name'] ?? svc.metadata.name;
      const port = svc.spec.ports?.[0]?.name ? `:${svc.spec.ports[0].name}` : '';
      out += `${name} is running at ${server}/api/v1/namespaces/kube-system/services/${svc.metadata.name}${port}/proxy\n`;
    }
    out += "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
    return { stdout: out, stderr: '', exitCode: 0 };
  },
};

export const apiResources: KubectlCommand = {
  name: 'api-resources',
  flags: [{ name: 'namespaced', type: 'string' }, { name: 'no-headers', type: 'bool' }, { name: 'output', shorthand: 'o', type: 'string' }],
  run(p): CommandOutput {
    const namespaced = flagValue(p, 'namespaced');
    const rows = [...RESOURCES]
      .filter((r) => namespaced === undefined || String(r.namespaced) === namespaced)
      .sort((a, b) => (a.group === b.group ? a.resource.localeCompare(b.resource) : a.group.localeCompare(b.group)))
      .map((r) => [r.resource, r.shortNames.join(','), r.apiVersion, String(r.namespaced), r.kind]);
    if (flagValue(p, 'output') === 'name') {
      return { stdout: rows.map((r) => (r[2].includes('/') ? `${r[0]}.${r[2].split('/')[0]}` : r[0])).join('\n') + '\n', stderr: '', exitCode: 0 };
    }
    const header = flagBool(p, 'no-headers') ? [] : [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']];
    return { stdout: tabwriter([...header, ...rows], { minwidth: 0, tabwidth: 8, padding: 3 }), stderr: '', exitCode: 0 };
  },
};

export const explain: KubectlCommand = {
  name: 'explain',
  flags: [{ name: 'recursive', type: 'bool' }, { name: 'api-version', type: 'string' }, { name: 'output', shorthand: 'o', type: 'string' }],
  run(p): CommandOutput {
    // explain.go Validate: no argument, or more than one.
    if (p.args.length === 0) {
      return failure(
        `error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n`,
      );
    }
    if (p.args.length > 1) return failure('error: We accept only this format: explain RESOURCE\n');
    return explainPath(p.args[0], { recursive: flagBool(p, 'recursive'), apiVersion: flagValue(p, 'api-version'), output: flagValue(p, 'output') });
  },
};

/**
 * svcsim's console has no editor to open: kubectl finds the objects first (editoptions.go
 * Complete and Run, with the builder's errors), then says this when the editor closes unchanged.
 */
export const edit: KubectlCommand = {
  name: 'edit',
  flags: [{ name: 'output', shorthand: 'o', type: 'string' }, { name: 'filename', shorthand: 'f', type: 'stringArray' }],
  run(p, ctx): CommandOutput {
    const cancelled: CommandOutput = { stdout: '', stderr: 'Edit cancelled, no changes made.\n', exitCode: 0 };
    if (flagList(p, 'filename').length) return cancelled;
    if (p.args.length === 0) return failure(MISSING_RESOURCE);
    const parsed = parseResourceArgs(p.args);
    if (!parsed.ok) return failure(parsed.error);
    const found = objectsOf(ctx.cluster, parsed.requests, { namespace: namespaceOf(p), allNamespaces: false });
    if (found.errors.length) return failure(renderErrors(found.errors));
    if (!found.objects.length) return failure('error: edit cancelled, no objects found');
    return cancelled;
  },
};
