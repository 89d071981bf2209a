/**
 * Lab namespace and link names. Every namespace starts with the lab prefix, so `lab down` can
 * find exactly what `lab up` made; link names in the underlay namespace stay within Linux's
 * 15-character IFNAMSIZ limit.
 */
export const DEFAULT_PREFIX = 'svl-';

/** The prefix must be a plain word ending in a dash, so no host namespace can match it by accident. */
export function validPrefix(prefix: string): boolean {
  return /^[a-z][a-z0-9]{1,10}-$/.test(prefix);
}

/** A namespace name part: what /run/netns accepts and a shell needs no quotes for. */
function part(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_');
}

export const labNames = {
  underlay: (prefix: string): string => `${prefix}underlay`,
  node: (prefix: string, node: string): string => `${prefix}${part(node)}`,
  pod: (prefix: string, key: string): string => {
    const [ns, name] = key.split('/');
    return `${prefix}pod-${part(ns ?? 'default')}-${part(name ?? '')}`;
  },
  client: (prefix: string, client: string): string => `${prefix}ext-${part(client)}`,
  /** The underlay ports of node i and client i (in the underlay namespace). */
  nodePort: (i: number): string => `n${i}`,
  clientPort: (i: number): string => `c${i}`,
};

/** The underlay's bridges: nodes' links on one, outside clients on another, routed between. */
export const UNDERLAY_BRIDGE = 'ul0';
export const CLIENT_BRIDGE = 'cl0';
