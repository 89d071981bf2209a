/** kubectl get --sort-by (pkg/cmd/get/sorter.go). */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { sortObjects } from './sort-by.ts';

describe('kubectl get --sort-by', () => {
  it('orders table rows by the field, numbers-like strings by value', () => {
    const s = createSession();
    for (const [name, replicas] of [['b', 10], ['a', 9], ['c', 100]] as const) s.run(`kubectl create deployment ${name} --image=nginx --replicas=${replicas}`);
    const names = (line: string) => s.run(line).stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]);
    expect(names('kubectl get deploy --sort-by=.spec.replicas')).toEqual(['a', 'b', 'c']);
    expect(names('kubectl get deploy --sort-by={.metadata.name}')).toEqual(['a', 'b', 'c']);
    // resourceVersion is a string that parses as a quantity: "1010" sorts after "999".
    const rv = s.run('kubectl get deploy -o jsonpath={.items[*].metadata.resourceVersion}').stdout.split(' ').map(Number);
    const byRv = names('kubectl get deploy --sort-by=.metadata.resourceVersion');
    expect(byRv).toEqual(['a', 'b', 'c'].map((n, i) => [n, rv[i]] as const).sort((x, y) => x[1] - y[1]).map((x) => x[0]));
  });

  it('sorts every object together in -o name, each table apart', () => {
    const s = createSession();
    expect(s.run('kubectl get svc,pods -n kube-system -o name --sort-by=.metadata.name').stdout.split('\n').slice(0, 3)).toEqual([
      'pod/coredns-6c74fc6fcc-bcx8x',
      'pod/coredns-6c74fc6fcc-lt9g6',
      'pod/etcd-master200',
    ]);
    const table = s.run('kubectl get svc,deploy -n kube-system --sort-by=.metadata.name').stdout;
    expect(table).toMatch(/^NAME {15}TYPE .*\nservice\/kube-dns .*\n\nNAME .*\ndeployment\.apps\/coredns /);
  });

  it('compares two quantities by value, other strings byte by byte, and puts a missing value first', () => {
    const cm = (name: string, v?: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, ...(v === undefined ? {} : { data: { v } }) }) as KubeObject;
    const objs = [cm('a', '999'), cm('b', '1010'), cm('c', '1Ki'), cm('d', '500m'), cm('e')];
    sortObjects(objs, '.data.v');
    expect(objs.map((o) => o.metadata.name)).toEqual(['e', 'd', 'a', 'b', 'c']);
    const words = [cm('a', 'b10'), cm('b', 'b9'), cm('c', 'B1')];
    sortObjects(words, '.data.v');
    expect(words.map((o) => o.metadata.name)).toEqual(['c', 'a', 'b']);
  });

  it('says when no object has the field', () => {
    expect(createSession().run('kubectl get pods -A --sort-by=.spec.nosuch')).toMatchObject({
      stdout: '',
      stderr: 'error: couldn\'t find any field with path "{.spec.nosuch}" in the list of objects\n',
      exitCode: 1,
    });
  });
});
