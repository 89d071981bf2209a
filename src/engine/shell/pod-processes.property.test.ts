/**
 * Whatever command a restartPolicy Never pod is given, the cluster starts: the pod either ran
 * it to its end (Succeeded or Failed, with its output kept) or keeps running it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSession } from '../index.ts';

const PROGRAMS = ['wget', 'curl', 'nslookup', 'dig', 'getent', 'echo', 'cat', 'true', 'false', 'sleep', 'ip', 'env', 'hostname', 'sh', 'httpd', ''];
const ARGS = ['-qO-', '-s', '-v', '-m', '2', '-T', '1', 'http://web', 'web', 'web.default.svc.cluster.local', '10.96.0.10', 'hosts', '-c', 'wget -qO- web', 'route', '--', '-', ':80', 'http://[::1]/', 'x'.repeat(300)];

const WEB = `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
`;

function podYaml(command: string[]): string {
  return `---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  restartPolicy: Never
  containers: [{name: p, image: busybox, command: ${JSON.stringify(command)}}]
`;
}

describe('one-shot pods, any command', () => {
  it('end Succeeded or Failed with a log, or keep running without one', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROGRAMS), fc.array(fc.constantFrom(...ARGS), { maxLength: 4 }), (program, args) => {
        const command = [program, ...args].filter((w, i) => i > 0 || w !== '');
        if (!command.length) return;
        const s = createSession({ scenario: WEB + podYaml(command) });
        s.run('sleep 300');
        const pod = s.cluster.get('Pod', 'default', 'p')!;
        const phase = pod.status?.phase;
        const log = s.cluster.containerLog?.('default', 'p', 'p');
        expect(['Running', 'Succeeded', 'Failed']).toContain(phase);
        expect(log === undefined).toBe(phase === 'Running');
      }),
      { numRuns: 60 },
    );
  });
});
