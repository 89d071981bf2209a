import { describe, it, expect } from 'vitest';
import { DEFAULT_LAB_DIR, parseLabArgs } from './args.ts';
import { placeNetns, type LabState } from './runner.ts';

describe('svcsim lab arguments', () => {
  it('reads the verbs and their flags', () => {
    expect(parseLabArgs(['script', '-f', 'a.yaml', '--mode', 'nftables'])).toEqual({ ok: true, args: { verb: 'script', file: 'a.yaml', mode: 'nftables', dir: DEFAULT_LAB_DIR, command: [] } });
    expect(parseLabArgs(['up', '--scenario=mynginx', '--dir', '/tmp/x', '--seed', '7'])).toEqual({ ok: true, args: { verb: 'up', scenario: 'mynginx', seed: 7, dir: '/tmp/x', command: [] } });
    expect(parseLabArgs(['exec', 'web-1', '--', 'curl', '-s', '10.96.0.1'])).toEqual({ ok: true, args: { verb: 'exec', target: 'web-1', dir: DEFAULT_LAB_DIR, command: ['curl', '-s', '10.96.0.1'] } });
    expect(parseLabArgs([])).toMatchObject({ ok: true, args: { verb: 'help' } });
  });

  it('says what is wrong', () => {
    expect(parseLabArgs(['up', '--mode', 'ipvs'])).toEqual({ ok: false, error: `error: invalid argument "ipvs" for "--mode": iptables or nftables (ipvs needs the kernel's ip_vs, userspace a kube-proxy process)\nSee 'svcsim lab --help' for usage.\n` });
    expect(parseLabArgs(['exec', 'web-1'])).toMatchObject({ ok: false, error: expect.stringContaining('exec needs a command after --') });
    expect(parseLabArgs(['down', '-f', 'a.yaml'])).toMatchObject({ ok: false, error: expect.stringContaining('"lab down" takes only --dir') });
    expect(parseLabArgs(['start'])).toMatchObject({ ok: false, error: expect.stringContaining('unknown lab command "start"') });
    expect(parseLabArgs(['up', '-f', 'a', '--scenario', 'b'])).toMatchObject({ ok: false, error: expect.stringContaining('not both') });
  });
});

describe('lab places', () => {
  const state: LabState = {
    prefix: 'svl-',
    mode: 'iptables',
    program: '/tmp/w.mjs',
    servers: [],
    places: [
      { kind: 'underlay', netns: 'svl-underlay', name: 'underlay' },
      { kind: 'client', netns: 'svl-ext-client', name: 'client', ip: '203.0.113.10' },
      { kind: 'node', netns: 'svl-node201', name: 'node201', ip: '172.200.1.201' },
      { kind: 'pod', netns: 'svl-pod-default-web-1', name: 'default/web-1', ip: '10.244.1.2', node: 'node201' },
    ],
  };
  it('finds a node, a client, a pod by name or namespace/name; never the underlay', () => {
    expect(placeNetns(state, 'node201')).toBe('svl-node201');
    expect(placeNetns(state, 'client')).toBe('svl-ext-client');
    expect(placeNetns(state, 'web-1')).toBe('svl-pod-default-web-1');
    expect(placeNetns(state, 'default/web-1')).toBe('svl-pod-default-web-1');
    expect(placeNetns(state, 'underlay')).toBeUndefined();
  });
});
