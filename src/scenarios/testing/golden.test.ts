import { describe, it, expect } from 'vitest';
import { column, expectedTable, inCidr, renderTable, tableCells } from './golden.ts';

// Real kubectl output (seed 001), the oracle for the re-aligner.
const real = `NAME                              READY   STATUS    RESTARTS   AGE   IP            NODE                         NOMINATED NODE   READINESS GATES
mynginx-deploy-55ffb645f8-cpjrf   1/1     Running   0          30s   10.244.1.11   node201.yinzhengjie.org.cn   <none>           <none>
mynginx-deploy-55ffb645f8-gbvdt   1/1     Running   0          30s   10.244.2.10   node202.yinzhengjie.org.cn   <none>           <none>
`;

describe('golden helpers', () => {
  it('re-aligns a real kubectl table to the same text', () => {
    expect(renderTable(tableCells(real))).toBe(real);
  });

  it('keeps the minimum column width of 6', () => {
    expect(renderTable([['A', 'B'], ['x', 'y']])).toBe('A     B\nx     y\n');
  });

  it('renames, sorts and takes columns from the actual output, re-aligning the widths', () => {
    const actual = real.replace(/30s/g, '7m38s');
    const text = expectedTable(actual, real, {
      fromActual: ['AGE'],
      rename: new Map([['mynginx-deploy-55ffb645f8-cpjrf', 'mynginx-deploy-abc-zzzzz']]),
      sortByName: true,
    });
    expect(column(text, 'NAME')).toEqual(['mynginx-deploy-55ffb645f8-gbvdt', 'mynginx-deploy-abc-zzzzz']);
    expect(column(text, 'AGE')).toEqual(['7m38s', '7m38s']);
    expect(text.split('\n')[0]).toBe(
      'NAME                              READY   STATUS    RESTARTS   AGE     IP            NODE                         NOMINATED NODE   READINESS GATES',
    );
  });

  it('tests CIDR membership', () => {
    expect(inCidr('10.102.60.144', '10.96.0.0/12')).toBe(true);
    expect(inCidr('10.112.0.1', '10.96.0.0/12')).toBe(false);
    expect(inCidr('10.1.183.185', '10.1.0.0/16')).toBe(true);
  });
});
