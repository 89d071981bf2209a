/**
 * A crash loop seen through any sequence of console waits: restarts and BackOff warnings only
 * grow, a waiting container always shows the run that ended, and the restart count is the one
 * the kubelet's back-off schedule gives for the time elapsed, however the time was cut up.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSession } from '../index.ts';

const WEB = `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
`;

/** Restarts by `t` seconds after the first exit at 0: at once, then after 10, 20, 40 ... 300 seconds. */
function restartsBy(t: number): number {
  let n = 0;
  let at = 0;
  for (let wait = 0; at <= t; ) {
    n++;
    wait = wait === 0 ? 10 : Math.min(wait * 2, 300);
    at += wait;
  }
  return n;
}

describe('crash loops over time', () => {
  it('only grow, and match the back-off schedule whatever the steps', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 200_000 })), { minLength: 1, maxLength: 8 }), (sleeps) => {
        const s = createSession({ scenario: WEB });
        s.run('kubectl run c --image=busybox -- wget -qO- -T 1 http://web');
        const start = Date.parse(s.cluster.get('Pod', 'default', 'c')!.status!.startTime!);
        let restarts = 0;
        let backOffs = 0;
        for (const n of sleeps) {
          s.run(`sleep ${n}`);
          const pod = s.cluster.get('Pod', 'default', 'c')!;
          const cs = pod.status!.containerStatuses![0];
          const backOff = s.cluster.events('Pod', 'default', 'c').find((e) => e.reason === 'BackOff')?.count ?? 0;
          expect(cs.restartCount).toBeGreaterThanOrEqual(restarts);
          expect(backOff).toBeGreaterThanOrEqual(backOffs);
          restarts = cs.restartCount;
          backOffs = backOff;
          expect(pod.status!.phase).toBe('Running');
          if (cs.state?.waiting) expect(cs.lastState?.terminated?.finishedAt).toBeDefined();
          // The Service has no endpoints: wget is refused at once, so every run takes no time
          // (past 20 restarts in one wait, whole 5-minute cycles are counted at once).
          expect(cs.restartCount).toBe(restartsBy((s.cluster.now() - start) / 1000));
        }
      }),
      { numRuns: 40 },
    );
  });
});
