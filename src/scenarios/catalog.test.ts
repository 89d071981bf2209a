import { describe, it, expect } from 'vitest';
import { catalog, findScenario, scenarioEntry } from './catalog.ts';
import { SCENARIOS, scenarioByName } from './index.ts';

const text = `apiVersion: svcsim.dev/v1alpha1
kind: Scenario
title: Hello
description: >-
  Two
  lines.
---
apiVersion: v1
kind: Namespace
metadata:
  name: x
`;

describe('scenario catalog', () => {
  it('reads id, title and description from the Scenario document', () => {
    expect(scenarioEntry('./007-hello.yaml', text)).toEqual({ id: '007-hello', title: 'Hello', description: 'Two lines.', text });
  });

  it('falls back to the id when there is no Scenario document', () => {
    expect(scenarioEntry('/a/b/plain.yaml', 'kind: Namespace\n').title).toBe('plain');
  });

  it('sorts by id and finds a scenario by id or by name without its number', () => {
    const entries = catalog({ './002-b.yaml': text, './001-a.yaml': text });
    expect(entries.map((e) => e.id)).toEqual(['001-a', '002-b']);
    expect(findScenario(entries, 'b')?.id).toBe('002-b');
    expect(findScenario(entries, '001-a')?.id).toBe('001-a');
    expect(findScenario(entries, 'c')).toBeUndefined();
  });

  it('finds a scenario by its number', () => {
    const entries = catalog({ './002-b.yaml': text, './001-a.yaml': text });
    expect(findScenario(entries, '001')?.id).toBe('001-a');
    expect(findScenario(entries, '2')?.id).toBe('002-b');
    expect(findScenario(entries, '3')).toBeUndefined();
  });

  it('bundles one scenario per seed tutorial, each with a title and steps', () => {
    expect(SCENARIOS.map((s) => s.id)).toEqual(['000-helloworld', '001-mynginx', '002-webapp', '003-service-a', '004-my-service']);
    for (const s of SCENARIOS) {
      expect(s.title).not.toBe(s.id);
      expect(s.text).toContain('kind: Scenario');
    }
    expect(scenarioByName('mynginx')?.title).toBe('ClusterIP, NodePort and headless Services for mynginx');
  });
});
