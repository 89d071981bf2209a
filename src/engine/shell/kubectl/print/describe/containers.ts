/**
 * The container, volume and toleration sections shared by describe pod and the Pod Template of
 * describe deployment (kubectl v1.33 pkg/describe/describe.go describeContainers,
 * describeVolumes, printTolerationsMultilineWithIndent).
 */
import type { Container, ContainerStatus, Toleration } from '../../../../api/core.ts';
import { formatRfc1123z } from '../duration.ts';
import type { PrefixWriter } from './prefix-writer.ts';

/** Fields a scenario may carry beyond svcsim's typed subset. */
type StatusExtra = ContainerStatus & {
  containerID?: string;
  imageID?: string;
  lastState?: { terminated?: Terminated };
};
type Terminated = { exitCode: number; signal?: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string };
type Resources = { limits?: Record<string, string>; requests?: Record<string, string> };
type VolumeMount = { name: string; mountPath: string; readOnly?: boolean; subPath?: string };

function portsString(container: Container, host: boolean): string {
  return (container.ports ?? [])
    .map((p) => {
      const s = `${host ? (p.hostPort ?? 0) : p.containerPort}/${p.protocol ?? 'TCP'}`;
      return p.name ? `${s} (${p.name})` : s;
    })
    .join(', ');
}

function describeState(w: PrefixWriter, name: string, state: { running?: { startedAt?: string }; waiting?: { reason?: string }; terminated?: Terminated } | undefined): void {
  if (state?.running) {
    w.write(2, `${name}:\tRunning\n`);
    w.write(3, `Started:\t${formatRfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode}\n`);
    if (t.signal && t.signal > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${formatRfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${formatRfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${name}:\tWaiting\n`);
  }
}

function describeResources(w: PrefixWriter, r: Resources | undefined, level: number): void {
  if (!r) return;
  const limits = Object.keys(r.limits ?? {}).sort();
  if (limits.length) w.write(level, 'Limits:\n');
  for (const k of limits) w.write(level + 1, `${k}:\t${r.limits?.[k]}\n`);
  const requests = Object.keys(r.requests ?? {}).sort();
  if (requests.length) w.write(level, 'Requests:\n');
  for (const k of requests) w.write(level + 1, `${k}:\t${r.requests?.[k]}\n`);
}

/** describeContainers: `Containers:` and one block per container; statuses undefined for templates. */
export function describeContainers(w: PrefixWriter, label: string, containers: readonly Container[], statuses: readonly ContainerStatus[] | undefined, space: string): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s as StatusExtra]));
  w.write(0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  const nameIndent = space ? ' ' : '';
  for (const c of containers) {
    const status = byName.get(c.name);
    w.write(1, `${nameIndent}${c.name}:\n`);
    if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    if (status) w.write(2, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports = portsString(c, false);
    if (ports.includes(',')) w.write(2, `Ports:\t${ports}\n`);
    else w.write(2, `Port:\t${ports || '<none>'}\n`);
    const hostPorts = portsString(c, true);
    if (hostPorts.includes(',')) w.write(2, `Host Ports:\t${hostPorts}\n`);
    else w.write(2, `Host Port:\t${hostPorts || '<none>'}\n`);
    if (c.command?.length) {
      w.write(2, 'Command:\n');
      for (const s of c.command.flatMap((x) => x.split('\n'))) w.write(3, `${s}\n`);
    }
    if (c.args?.length) {
      w.write(2, 'Args:\n');
      for (const s of c.args.flatMap((x) => x.split('\n'))) w.write(3, `${s}\n`);
    }
    if (status) {
      describeState(w, 'State', status.state);
      if (status.lastState?.terminated) describeState(w, 'Last State', { terminated: status.lastState.terminated });
      w.write(2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${status.restartCount}\n`);
    }
    describeResources(w, c.resources as Resources | undefined, 2);
    const env = c.env ?? [];
    w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
    for (const e of env) {
      if (e.valueFrom) {
        const from = e.valueFrom as {
          fieldRef?: { apiVersion?: string; fieldPath: string };
          secretKeyRef?: { name: string; key: string; optional?: boolean };
          configMapKeyRef?: { name: string; key: string; optional?: boolean };
        };
        // Field references are not resolved here (kubectl resolves them against the pod).
        if (from.fieldRef) w.write(3, `${e.name}:\t (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})\n`);
        else if (from.secretKeyRef) w.write(3, `${e.name}:\t<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name}'>\tOptional: ${!!from.secretKeyRef.optional}\n`);
        else if (from.configMapKeyRef) w.write(3, `${e.name}:\t<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name}'>\tOptional: ${!!from.configMapKeyRef.optional}\n`);
        continue;
      }
      (e.value ?? '').split('\n').forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
    }
    const mounts = [...((c.volumeMounts as VolumeMount[] | undefined) ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
    w.write(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw'];
      if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
      w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
    }
  }
}

type Volume = {
  name: string;
  hostPath?: { path: string; type?: string };
  emptyDir?: { medium?: string; sizeLimit?: string };
  configMap?: { name?: string; optional?: boolean };
  secret?: { secretName?: string; optional?: boolean };
  projected?: { sources?: { serviceAccountToken?: { expirationSeconds?: number }; configMap?: { name?: string; optional?: boolean }; secret?: { name?: string; optional?: boolean }; downwardAPI?: unknown }[] };
};

/** describeVolumes for the volume kinds svcsim's pods use. */
export function describeVolumes(w: PrefixWriter, volumes: readonly Volume[] | undefined, space: string): void {
  if (!volumes || volumes.length === 0) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`);
    if (v.hostPath) w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`);
    else if (v.emptyDir) w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}\n`);
    else if (v.secret) w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${!!v.secret.optional}\n`);
    else if (v.configMap) w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${!!v.configMap.optional}\n`);
    else if (v.projected) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const s of v.projected.sources ?? []) {
        if (s.secret) w.write(2, `SecretName:\t${s.secret.name ?? ''}\n    Optional:\t${!!s.secret.optional}\n`);
        else if (s.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
        else if (s.configMap) w.write(2, `ConfigMapName:\t${s.configMap.name ?? ''}\n    Optional:\t${!!s.configMap.optional}\n`);
        else if (s.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3607}\n`);
      }
    } else w.write(2, '<unknown>\n');
  }
}

/** printTolerationsMultilineWithIndent. */
export function printTolerations(w: PrefixWriter, title: string, tolerations: readonly Toleration[] | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...tolerations].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, `${initialIndent}\t`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, s + '\n');
  });
}
