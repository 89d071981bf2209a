/** kubectl wait (v1.33 pkg/cmd/wait) on the simulated clock. */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';
import { probedApp } from '../../cluster/testing/probed-app.ts';

const deployment = probedApp;

const SCENARIO = deployment('later', '{tcpSocket: {port: 80}, initialDelaySeconds: 15, periodSeconds: 10}') + deployment('never', '{tcpSocket: {port: 81}}');

function out(r: { stdout: string; stderr: string; exitCode: number }) {
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

describe('kubectl wait', () => {
  it('--for=condition=Ready waits on the simulated clock for the probe that makes the pod ready', () => {
    const s = createSession({ scenario: SCENARIO });
    const pod = s.cluster.list('Pod', 'default').find((p) => p.metadata.labels?.app === 'later')!.metadata.name;
    const start = s.cluster.now();
    expect(out(s.run('kubectl wait --for=condition=ready pod -l app=later'))).toEqual({ stdout: `pod/${pod} condition met\n`, stderr: '', exitCode: 0 });
    expect(s.cluster.now() - start).toBe(20_000);
    expect(out(s.run('kubectl wait --for=condition=Available deploy/later -o name'))).toEqual({ stdout: 'deployment.apps/later\n', stderr: '', exitCode: 0 });
  });

  it('times out on what never happens, names what it waited for, and checks once with --timeout=0', () => {
    const s = createSession({ scenario: SCENARIO });
    const pod = s.cluster.list('Pod', 'default').find((p) => p.metadata.labels?.app === 'never')!.metadata.name;
    const start = s.cluster.now();
    expect(out(s.run('kubectl wait --for=condition=Ready pod -l app=never --timeout=20s'))).toEqual({
      stdout: '',
      stderr: `error: timed out waiting for the condition on pods/${pod}\n`,
      exitCode: 1,
    });
    expect(s.cluster.now() - start).toBe(21_000);
    expect(s.run(`kubectl wait --for=condition=Ready pod/${pod} --timeout=0`).stderr).toBe(`error: condition not met for pods/${pod}\n`);
    expect(s.run(`kubectl wait --for=delete pod/${pod} --timeout=0`).stderr).toBe(`error: condition not met for pods/${pod}\n`);
  });

  it("answers as kubectl does: a name that is not there, nothing selected, a condition it does not know", () => {
    const s = createSession({ scenario: SCENARIO });
    expect(out(s.run('kubectl wait --for=condition=Available deploy/later deploy/nope'))).toEqual({
      stdout: 'deployment.apps/later condition met\n',
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
      exitCode: 1,
    });
    expect(out(s.run('kubectl wait --for=delete pod/nope'))).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(s.run('kubectl wait --for=condition=Ready pod -l app=zzz').stderr).toBe('error: no matching resources found\n');
    expect(s.run('kubectl wait --for=foo pod/x').stderr).toBe('error: unrecognized condition: "foo"\n');
    expect(s.run('kubectl wait --for=condition=Ready pod').stderr).toBe('error: resource(s) were provided, but no name was specified\n');
  });

  it("--for=jsonpath: one value, equal to the one given as Go prints it, or any value; kubectl's errors for the expression", () => {
    const s = createSession({ scenario: SCENARIO });
    const start = s.cluster.now();
    expect(out(s.run("kubectl wait --for=jsonpath='{.status.readyReplicas}'=1 deploy/later"))).toEqual({ stdout: 'deployment.apps/later condition met\n', stderr: '', exitCode: 0 });
    expect(s.cluster.now() - start).toBe(20_000);
    expect(s.run('kubectl wait --for=jsonpath={.status.podIP} pod -l app=never').stdout).toMatch(/^pod\/never-\S+ condition met\n$/);
    expect(s.run('kubectl wait --for=jsonpath={.status.containerStatuses[0].ready}=true pod -l app=never --timeout=0').stderr).toMatch(/^error: condition not met for pods\/never-/);
    expect(s.run('kubectl wait --for=jsonpath={.spec.containers} pod -l app=never').stdout).toMatch(/condition met/);
    expect(s.run('kubectl wait --for=jsonpath={.spec.containers}=x pod -l app=never').stderr).toBe('error: jsonpath leads to a nested object or list which is not supported\n');
    expect(s.run('kubectl wait --for=jsonpath={.status.phase}= pod -l app=never').stderr).toBe(
      "error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3\n",
    );
    expect(s.run('kubectl wait --for=jsonpath={.status.phase}=a=b pod -l app=never').stderr).toBe(
      "error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'\n",
    );
  });
});
