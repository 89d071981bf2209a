import { describe, it, expect } from 'vitest';
import { renderLabScript, serverArgv, teardownLine } from './script.ts';
import type { LabPlan } from './types.ts';

/** Stands for the CLI's whoami.mjs, which the script writes as given. */
const PROGRAM = '// svcsim lab: a whoami-like server (traefik/whoami\'s answer) on TCP and UDP ports.\n';

const PLAN: LabPlan = {
  prefix: 'svl-',
  mode: 'iptables',
  places: [
    { kind: 'node', netns: 'svl-n1', name: 'n1', ip: '172.200.1.201' },
    { kind: 'pod', netns: 'svl-pod-default-web', name: 'default/web', ip: '10.244.1.2', node: 'n1' },
  ],
  steps: [
    { say: 'Namespaces' },
    { netnsAdd: 'svl-n1' },
    { netns: 'svl-n1', argv: ['ip', 'link', 'set', 'lo', 'up'] },
    { netns: 'svl-n1', argv: ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1'] },
    { netns: 'svl-n1', argv: ['iptables-restore'], stdin: '*nat\n-A X -m comment --comment "a b" -j ACCEPT\nCOMMIT\n' },
  ],
  servers: [{ netns: 'svl-pod-default-web', pod: 'default/web', hostname: 'web', ports: [{ port: 80, proto: 'tcp' }, { port: 53, proto: 'udp' }] }],
  notes: ['something left out'],
  udpFlows: [],
};

describe('lab script', () => {
  const text = renderLabScript(PLAN, { title: 'demo.yaml', serverProgram: PROGRAM });

  it('is a POSIX script that stops at the first failure, with its header and the way to undo it', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('#!/bin/sh');
    expect(lines[1]).toBe('# svcsim lab: demo.yaml (kube-proxy in iptables mode)');
    expect(lines).toContain('set -eu');
    expect(lines).toContain(`# Undo:  ${teardownLine('svl-')}`);
    expect(lines).toContain('# Note: something left out');
  });

  it('runs ip with -n and other tools under ip netns exec; tables as quoted heredocs', () => {
    expect(text).toContain('\n# Namespaces\nip netns add svl-n1\nip -n svl-n1 link set lo up\nip netns exec svl-n1 sysctl -q -w net.ipv4.ip_forward=1\n');
    expect(text).toContain(`ip netns exec svl-n1 iptables-restore <<'SVCSIM_EOF'\n*nat\n-A X -m comment --comment "a b" -j ACCEPT\nCOMMIT\nSVCSIM_EOF\n`);
  });

  it('writes the server program and starts one server per pod in the background', () => {
    expect(text).toContain(`cat > "$LAB_DIR/whoami.mjs" <<'SVCSIM_EOF'\n// svcsim lab: a whoami-like server`);
    expect(text).toContain('ip netns exec svl-pod-default-web node "$LAB_DIR/whoami.mjs" web 80/tcp 53/udp >"$LAB_DIR/svl-pod-default-web.log" 2>&1 &\n');
  });

  it('refuses a table that would end its heredoc early', () => {
    expect(() => renderLabScript({ ...PLAN, steps: [{ netns: 'svl-n1', argv: ['nft', '-f', '-'], stdin: 'SVCSIM_EOF\n' }] }, { serverProgram: PROGRAM })).toThrow('lab script: a table holds a line SVCSIM_EOF');
  });

  it('server command lines carry the lifetime limit when asked', () => {
    expect(serverArgv(PLAN.servers[0]!, '/tmp/w.mjs', 60)).toEqual(['ip', 'netns', 'exec', 'svl-pod-default-web', 'node', '/tmp/w.mjs', 'web', '80/tcp', '53/udp', '--max-seconds', '60']);
  });
});
