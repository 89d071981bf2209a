import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../api/apps.ts';
import type { ConfigMap, Endpoints, Namespace, Pod } from '../../api/core.ts';
import type { EndpointSlice } from '../../api/discovery.ts';
import type { KubeObject } from '../../api/objects.ts';
import { formatFieldErrors } from '../../api/status.ts';
import { applyDefaults } from '../defaults/index.ts';
import { validateCreate, validateUpdate } from './index.ts';
import { TEST_SETTINGS } from './test-settings.ts';

const msg = (o: KubeObject): string => formatFieldErrors(validateCreate(applyDefaults(o, TEST_SETTINGS), TEST_SETTINGS));
const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function deployment(spec: Record<string, unknown>, name = 'web'): Deployment {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec: spec as unknown as Deployment['spec'] };
}
const template = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({ metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx' }], ...extra } });

describe('Deployment', () => {
  it('a selector that does not match the template labels', () => {
    expect(msg(deployment({ selector: { matchLabels: { app: 'web' } }, template: template({ app: 'api' }) })))
      .toBe('spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`');
  });
  it('a missing selector also fails to match (labels.Nothing)', () => {
    expect(msg(deployment({ template: template({ app: 'web', tier: 'fe' }) })))
      .toBe('[spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "tier":"fe"}: `selector` does not match template `labels`]');
  });
  it('negative replicas', () => {
    expect(msg(deployment({ replicas: -1, selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) })))
      .toBe('spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });
  it('restartPolicy other than Always', () => {
    expect(msg(deployment({ selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }, { restartPolicy: 'Never' }) })))
      .toBe('spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
  });
  it('template containers are checked as a Pod\'s', () => {
    expect(msg(deployment({ selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'Web' }] } } })))
      .toBe(`[spec.template.spec.containers[0].name: Invalid value: "Web": ${LABEL}, spec.template.spec.containers[0].image: Required value]`);
  });
  it('name must be a DNS-1123 subdomain', () => {
    expect(msg(deployment({ selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }, 'Web_App')))
      .toBe(`metadata.name: Invalid value: "Web_App": ${SUBDOMAIN}`);
  });
  it('changing the selector on update', () => {
    const old = applyDefaults(deployment({ selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }), TEST_SETTINGS);
    const next = applyDefaults(deployment({ selector: { matchLabels: { app: 'web2' } }, template: template({ app: 'web2' }) }), TEST_SETTINGS);
    expect(formatFieldErrors(validateUpdate(next, old, TEST_SETTINGS)))
      .toBe('spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable');
  });
});

describe('Pod', () => {
  const pod = (spec: Record<string, unknown>): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: spec as unknown as Pod['spec'] });
  it('containers are required', () => {
    expect(msg(pod({ containers: [] }))).toBe('spec.containers: Required value');
  });
  it('duplicate container names, bad port name, port range', () => {
    expect(msg(pod({ containers: [
      { name: 'a', image: 'x', ports: [{ name: 'http_alt', containerPort: 70000 }] },
      { name: 'a', image: 'y' },
    ] }))).toBe('[spec.containers[0].ports[0].name: Invalid value: "http_alt": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.containers[1].name: Duplicate value: "a"]');
  });
  it('duplicate port names within a container', () => {
    expect(msg(pod({ containers: [{ name: 'a', image: 'x', ports: [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }] }] })))
      .toBe('spec.containers[0].ports[1].name: Duplicate value: "http"');
  });
});

describe('Namespace, Endpoints, EndpointSlice, ConfigMap', () => {
  it('a Namespace name is a DNS-1123 label (no dots)', () => {
    const ns: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } };
    expect(msg(ns)).toBe('metadata.name: Invalid value: "team.a": must not contain dots');
  });
  it('Endpoints: loopback address and unnamed second port', () => {
    const ep: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' }, subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'http', port: 80 }, { port: 443 }] }] };
    expect(msg(ep)).toBe('[subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128), subsets[0].ports[1].name: Required value]');
  });
  it('EndpointSlice: address type and empty endpoint', () => {
    const es = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-abc', namespace: 'default' }, addressType: 'IP', endpoints: [{ addresses: [] }] } as unknown as EndpointSlice;
    expect(msg(es)).toBe('[addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6", endpoints[0].addresses: Required value: must contain at least 1 address]');
  });
  it('ConfigMap keys', () => {
    const cm: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { 'bad key': 'v' } };
    expect(msg(cm)).toBe("data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  });
});
