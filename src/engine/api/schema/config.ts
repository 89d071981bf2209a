/**
 * Configuration kinds read by components, not served by the API server:
 * kube-proxy's KubeProxyConfiguration (k8s.io/kube-proxy/config/v1alpha1/types.go, v1.33)
 * and kubeadm's ClusterConfiguration (cmd/kubeadm/app/apis/kubeadm/v1beta3 and v1beta4).
 */
import { bool, float32, int32, list, map, named, opaque, str, stringList, struct, time } from './build.ts';
import type { FieldSchema } from './types.ts';

const duration = time;

export const kubeProxyConfiguration = struct(
  'KubeProxyConfiguration',
  {
    apiVersion: str,
    kind: str,
    featureGates: map(bool),
    clientConnection: struct(
      'ClientConnectionConfiguration',
      { kubeconfig: str, acceptContentTypes: str, contentType: str, qps: float32, burst: int32 },
    ),
    logging: opaque('v1.LoggingConfiguration'),
    hostnameOverride: str,
    bindAddress: str,
    healthzBindAddress: str,
    metricsBindAddress: str,
    bindAddressHardFail: bool,
    enableProfiling: bool,
    showHiddenMetricsForVersion: str,
    mode: named('v1alpha1.ProxyMode'),
    iptables: struct(
      'KubeProxyIPTablesConfiguration',
      { masqueradeBit: int32, masqueradeAll: bool, localhostNodePorts: bool, syncPeriod: duration, minSyncPeriod: duration },
      'v1alpha1',
    ),
    ipvs: struct(
      'KubeProxyIPVSConfiguration',
      {
        syncPeriod: duration,
        minSyncPeriod: duration,
        scheduler: str,
        excludeCIDRs: stringList,
        strictARP: bool,
        tcpTimeout: duration,
        tcpFinTimeout: duration,
        udpTimeout: duration,
      },
      'v1alpha1',
    ),
    nftables: struct(
      'KubeProxyNFTablesConfiguration',
      { masqueradeBit: int32, masqueradeAll: bool, syncPeriod: duration, minSyncPeriod: duration },
      'v1alpha1',
    ),
    winkernel: struct(
      'KubeProxyWinkernelConfiguration',
      { networkName: str, sourceVip: str, enableDSR: bool, rootHnsEndpointName: str, forwardHealthCheckVip: bool },
      'v1alpha1',
    ),
    detectLocalMode: named('v1alpha1.LocalMode'),
    detectLocal: struct('DetectLocalConfiguration', { bridgeInterface: str, interfaceNamePrefix: str }, 'v1alpha1'),
    clusterCIDR: str,
    nodePortAddresses: stringList,
    oomScoreAdj: int32,
    conntrack: struct(
      'KubeProxyConntrackConfiguration',
      {
        maxPerCore: int32,
        min: int32,
        tcpEstablishedTimeout: duration,
        tcpCloseWaitTimeout: duration,
        tcpBeLiberal: bool,
        udpTimeout: duration,
        udpStreamTimeout: duration,
      },
      'v1alpha1',
    ),
    configSyncPeriod: duration,
    portRange: str,
    windowsRunAsService: bool,
  },
  'v1alpha1',
);

function controlPlaneComponent(pkg: string, extraArgs: FieldSchema, extra: Record<string, FieldSchema> = {}) {
  return struct('ControlPlaneComponent', { extraArgs, extraVolumes: list(opaque(`${pkg}.HostPathMount`)), ...extra }, pkg);
}

function clusterConfiguration(pkg: 'v1beta3' | 'v1beta4') {
  const isV4 = pkg === 'v1beta4';
  // v1beta3 writes extraArgs as a map, v1beta4 as a list of {name, value}.
  const extraArgs: FieldSchema = isV4 ? list(struct('Arg', { name: str, value: str }, pkg)) : map(str);
  const envs: Record<string, FieldSchema> = isV4 ? { extraEnvs: list(opaque(`${pkg}.EnvVar`)) } : {};
  const component = controlPlaneComponent(pkg, extraArgs, envs);
  return struct(
    'ClusterConfiguration',
    {
      apiVersion: str,
      kind: str,
      etcd: struct(
        'Etcd',
        {
          local: struct(
            'LocalEtcd',
            {
              imageRepository: str,
              imageTag: str,
              dataDir: str,
              extraArgs,
              ...envs,
              serverCertSANs: stringList,
              peerCertSANs: stringList,
            },
            pkg,
          ),
          external: struct('ExternalEtcd', { endpoints: stringList, caFile: str, certFile: str, keyFile: str }, pkg),
        },
        pkg,
      ),
      networking: struct('Networking', { serviceSubnet: str, podSubnet: str, dnsDomain: str }, pkg),
      kubernetesVersion: str,
      controlPlaneEndpoint: str,
      apiServer: struct(
        'APIServer',
        {
          extraArgs,
          ...envs,
          extraVolumes: list(opaque(`${pkg}.HostPathMount`)),
          certSANs: stringList,
          ...(isV4 ? {} : { timeoutForControlPlane: time }),
        },
        pkg,
      ),
      controllerManager: component,
      scheduler: component,
      dns: struct(
        'DNS',
        isV4 ? { imageRepository: str, imageTag: str, disabled: bool } : { imageRepository: str, imageTag: str },
        pkg,
      ),
      ...(isV4 ? { proxy: struct('Proxy', { disabled: bool }, pkg) } : {}),
      certificatesDir: str,
      imageRepository: str,
      featureGates: map(bool),
      clusterName: str,
      ...(isV4
        ? {
            encryptionAlgorithm: named('v1beta4.EncryptionAlgorithmType'),
            certificateValidityPeriod: time,
            caCertificateValidityPeriod: time,
          }
        : {}),
    },
    pkg,
  );
}

export const clusterConfigurationV1beta3 = clusterConfiguration('v1beta3');
export const clusterConfigurationV1beta4 = clusterConfiguration('v1beta4');
