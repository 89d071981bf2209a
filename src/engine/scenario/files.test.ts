import { describe, expect, it } from 'vitest';
import { scenarioFiles } from './files.ts';

describe("a scenario's files", () => {
  it('are read by absolute path or relative to /root, and make directories of the paths under them', () => {
    const files = scenarioFiles({ '/root/app/web.yaml': 'w', '/root/app/db/db.yaml': 'd', '/etc/x.conf': 'x' }, undefined);
    expect(files.readFile('app/web.yaml')).toBe('w');
    expect(files.readFile('/etc/x.conf')).toBe('x');
    expect(files.readDirectory?.('app')).toEqual([{ name: 'web.yaml', directory: false }, { name: 'db', directory: true }]);
    expect(files.readDirectory?.('./app/')).toEqual(files.readDirectory?.('/root/app'));
    expect(files.readDirectory?.('nothing')).toBeUndefined();
  });
});
