import { describe, expect, it } from 'vitest';
import { createSession } from '../../../index.ts';

describe('objects as the v1.33 apiserver serves them', () => {
  it("a pod template's metadata carries creationTimestamp: null in -o yaml and -o json", () => {
    const s = createSession();
    s.run('kubectl create deployment web --image=nginx:1.27');
    expect(s.run('kubectl get deploy web -o yaml').stdout).toContain('  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n        app: web\n');
    const rs = s.cluster.list('ReplicaSet', 'default')[0].metadata.name;
    expect(s.run(`kubectl get rs ${rs} -o json`).stdout).toContain('"template": {\n            "metadata": {\n                "creationTimestamp": null,\n');
    // Objects without a template, and the stored object, are as they were.
    expect(s.run('kubectl get svc kubernetes -o yaml').stdout).not.toContain('creationTimestamp: null');
    expect(s.cluster.get('Deployment', 'default', 'web')!.spec.template.metadata).not.toHaveProperty('creationTimestamp');
  });
});
