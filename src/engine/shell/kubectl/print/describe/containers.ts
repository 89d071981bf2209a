/**
 * The container sections shared by describe pod and the Pod Template of the workload describers
 * (kubectl v1.33 pkg/describe/describe.go describeContainers and the describeContainer* helpers).
 */
import type { Container, ContainerStatus, Pod } from '../../../../api/core.ts';
import { formatRfc1123z } from '../duration.ts';
import { describeEnv, describeEnvFrom } from './env.ts';
import type { PrefixWriter } from './prefix-writer.ts';
import { describeProbe, type Probe } from './probe.ts';

/** Fields a scenario may carry beyond svcsim's typed subset. */
type StatusExtra = ContainerStatus & {
  containerID?: string;
  imageID?: string;
  lastState?: { terminated?: Terminated };
};
type Terminated = { exitCode: number; signal?: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string };
export type Resources = { limits?: Record<string, string>; requests?: Record<string, string> };
type VolumeMount = { name: string; mountPath: string; readOnly?: boolean; subPath?: string };
type VolumeDevice = { name: string; devicePath: string };
export type SecurityContext = { seccompProfile?: { type: string; localhostProfile?: string } };

/** describeContainerPorts / describeContainerHostPorts: `80/TCP, 53/UDP` (v1.33 prints no port names). */
function portsString(container: Container, host: boolean): string {
  return (container.ports ?? []).map((p) => `${host ? (p.hostPort ?? 0) : p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
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

/** describeResources: Limits then Requests, each sorted by resource name. */
export function describeResources(w: PrefixWriter, r: Resources | undefined, level: number): void {
  if (!r) return;
  const limits = Object.keys(r.limits ?? {}).sort();
  if (limits.length) w.write(level, 'Limits:\n');
  for (const k of limits) w.write(level + 1, `${k}:\t${r.limits?.[k]}\n`);
  const requests = Object.keys(r.requests ?? {}).sort();
  if (requests.length) w.write(level, 'Requests:\n');
  for (const k of requests) w.write(level + 1, `${k}:\t${r.requests?.[k]}\n`);
}

function describeProbes(w: PrefixWriter, c: Container): void {
  const probes: [string, unknown][] = [['Liveness', c.livenessProbe], ['Readiness', c.readinessProbe], ['Startup', c.startupProbe]];
  for (const [label, probe] of probes) if (probe) w.write(2, `${label}:\t${describeProbe(probe as Probe)}\n`);
}

function describeMounts(w: PrefixWriter, c: Container): void {
  const byKey = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  const mounts = [...((c.volumeMounts as VolumeMount[] | undefined) ?? [])].sort(byKey((m) => m.mountPath));
  const none = mounts.length === 0 ? '\t<none>' : '';
  w.write(2, `Mounts:${none}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  const devices = [...((c.volumeDevices as VolumeDevice[] | undefined) ?? [])].sort(byKey((d) => d.devicePath));
  if (devices.length) {
    // describeContainerVolumes reuses the mounts' `none` here.
    w.write(2, `Devices:${none}\n`);
    for (const d of devices) w.write(3, `${d.devicePath} from ${d.name}\n`);
  }
}

/**
 * describeContainers: `Containers:` and one block per container. `statuses` is undefined for a
 * template; `pod` (undefined for a template) resolves field references in the environment.
 */
export function describeContainers(w: PrefixWriter, label: string, containers: readonly Container[], statuses: readonly ContainerStatus[] | undefined, space: string, pod?: Pod): void {
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
    const seccomp = (c.securityContext as SecurityContext | undefined)?.seccompProfile;
    if (seccomp) {
      w.write(2, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === 'Localhost') w.write(3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
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
    describeProbes(w, c);
    describeEnvFrom(w, c);
    describeEnv(w, c, pod);
    describeMounts(w, c);
  }
}
