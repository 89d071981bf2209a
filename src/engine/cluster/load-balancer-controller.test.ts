import { describe, expect, it } from 'vitest';
import { createSession } from '../index.ts';

const LB = (name: string, extra = '', status = '') =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80}]\n${extra}${status}---\n`;

describe('the simulated cloud load balancer', () => {
  it('gives each LoadBalancer Service the next pool address, or the one it asks for, and keeps a written status', () => {
    const s = createSession({
      scenario:
        LB('a') + LB('b', '  loadBalancerIP: 192.0.2.7\n') + LB('c', '', 'status:\n  loadBalancer:\n    ingress:\n    - ip: 203.0.113.99\n') + LB('d'),
    });
    expect(s.problems).toEqual([]);
    expect(s.run("kubectl get svc -o jsonpath='{range .items[*]}{.metadata.name}={.status.loadBalancer.ingress[0].ip} {end}'").stdout).toBe(
      'a=192.0.2.100 b=192.0.2.7 c=203.0.113.99 d=192.0.2.101 kubernetes= ',
    );
  });

  it('reports the cloud controller events, and takes the address away when the type changes', () => {
    const s = createSession();
    s.run('kubectl create service loadbalancer web --tcp=80:80');
    expect(s.run('kubectl describe svc web').stdout).toMatch(
      /LoadBalancer Ingress: +192\.0\.2\.100 \(VIP\)\n[\s\S]*Normal +EnsuringLoadBalancer +\d+s +service-controller +Ensuring load balancer\n +Normal +EnsuredLoadBalancer +\d+s +service-controller +Ensured load balancer\n$/,
    );
    expect(JSON.parse(s.run('kubectl get svc web -o json').stdout).status.loadBalancer.ingress).toEqual([{ ip: '192.0.2.100', ipMode: 'VIP' }]);
  });

  it('takes the address away when the Service stops being a LoadBalancer', () => {
    const files: Record<string, string> = { 'svc.yaml': LB('web').replace('---\n', '') };
    const s = createSession({ files: { readFile: (p) => files[p] } });
    s.run('kubectl apply -f svc.yaml');
    expect(s.run("kubectl get svc web -o jsonpath='{.status.loadBalancer.ingress[0].ip}'").stdout).toBe('192.0.2.100');
    files['svc.yaml'] = files['svc.yaml'].replace('type: LoadBalancer', 'type: ClusterIP');
    expect(s.run('kubectl apply -f svc.yaml').stdout).toBe('service/web configured\n');
    expect(s.run("kubectl get svc web -o jsonpath='{.status.loadBalancer}'").stdout).toBe('{}');
    expect(s.run('kubectl get svc web').stdout).toMatch(/^web +ClusterIP +\S+ +<none> +80\/TCP /m);
  });
});
