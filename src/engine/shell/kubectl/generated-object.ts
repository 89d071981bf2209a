/**
 * What kubectl prints for an object its own generators made (`create deployment|service|
 * namespace`, `expose`, `run` with `--dry-run=client -o yaml`): the typed Go object as
 * encoding/json writes it. `omitempty` does not drop a struct, so the empty ones appear as `{}`
 * (a Deployment's strategy and status, every container's resources, a Service's
 * status.loadBalancer, a Namespace's spec and status), and the zero creationTimestamp as
 * `null`, in the object's metadata and in a pod template's (kubectl v0.33 run_test.go; the
 * field is left out only from v1.34). The namespace is set only when `-n` names one
 * (create_deployment.go, create_service.go: `if o.EnforceNamespace`).
 */
import type { Container } from '../../api/core.ts';
import type { KubeObject } from '../../api/objects.ts';

function withResources(containers: readonly Container[]): Container[] {
  return containers.map((c) => ({ ...c, resources: c.resources ?? {} }));
}

/** ObjectMeta with its zero creationTimestamp, as encoding/json writes a zero metav1.Time. */
function withNullTimestamp<M extends object>(metadata: M): M {
  return { creationTimestamp: null, ...metadata } as M;
}

export function asGenerated(obj: KubeObject, explicitNamespace: boolean): KubeObject {
  const metadata = withNullTimestamp(obj.metadata);
  if (!explicitNamespace) delete metadata.namespace;
  switch (obj.kind) {
    case 'Namespace':
      return { ...obj, metadata, spec: obj.spec ?? {}, status: obj.status ?? {} } as KubeObject;
    case 'Service':
      return { ...obj, metadata, status: obj.status ?? { loadBalancer: {} } };
    case 'Deployment': {
      const template = obj.spec.template;
      return {
        ...obj,
        metadata,
        spec: {
          ...obj.spec,
          strategy: obj.spec.strategy ?? {},
          template: { ...template, metadata: withNullTimestamp(template.metadata ?? {}), spec: { ...template.spec, containers: withResources(template.spec.containers) } },
        },
        status: obj.status ?? {},
      };
    }
    case 'Pod':
      return { ...obj, metadata, spec: { ...obj.spec, containers: withResources(obj.spec.containers) }, status: obj.status ?? {} };
    default:
      return { ...obj, metadata };
  }
}
