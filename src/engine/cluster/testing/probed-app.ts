/**
 * Scenario YAML for readiness tests: a one-replica nginx Deployment NAME (port 80, named http)
 * with the readiness probe given as a YAML flow mapping, and a Service NAME in front of it.
 */
export function probedApp(name: string, probe: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80, name: http}]
        readinessProbe: ${probe}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: {selector: {app: ${name}}, ports: [{port: 80}]}
---
`;
}
