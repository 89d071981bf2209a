/** IPv4 helpers live in the network layer; the control plane uses them from there. */
export * from '../net/ipv4.ts';
