/**
 * How the userspace proxier chose each service port's proxy port (pkg/proxy/userspace/
 * port_allocator.go). Without --proxy-port-range it asked for port 0 and the kernel bound a
 * free ephemeral port (Linux: a random start in ip_local_port_range 32768-60999, then the next
 * free one). With a range, rangeAllocator.nextFreePort: a random offset in the range if free,
 * else the next free offset scanning up, then wrapping from the start; -1 (an error) when full.
 * Released ports become free again. Randomness comes from the scenario's Rand.
 */
import type { Rand } from '../../rand.ts';
import type { PortRange } from './config.ts';

/** Linux's default net.ipv4.ip_local_port_range. */
export const EPHEMERAL_PORTS: PortRange = { base: 32768, size: 60999 - 32768 + 1 };

/** port_allocator.go errPortRangeNoPortsRemaining. */
export const ERR_NO_PORTS_REMAINING = 'port allocation failed; there are no remaining ports left to allocate in the accepted range';

export class PortAllocator {
  private readonly used = new Set<number>();

  /**
   * `range`: --proxy-port-range, or undefined for the kernel's ephemeral ports. `inUse`: ports
   * the node already has bound for the protocol (the kernel skips them; a range does not know).
   */
  constructor(
    private readonly rand: Rand,
    private readonly range?: PortRange,
  ) {}

  /** The next proxy port, or the allocator's error. */
  allocate(inUse: (port: number) => boolean = () => false): number | { error: string } {
    const r = this.range ?? EPHEMERAL_PORTS;
    const taken = (port: number) => this.used.has(port) || (this.range === undefined && inUse(port));
    const j = this.rand.int(r.size);
    for (let k = 0; k < r.size; k++) {
      // nextFreePort: j, then j+1 .. size-1, then 0 .. j-1.
      const port = r.base + ((j + k) % r.size);
      if (!taken(port)) {
        this.used.add(port);
        return port;
      }
    }
    return { error: ERR_NO_PORTS_REMAINING };
  }

  release(port: number): void {
    this.used.delete(port);
  }

  isAllocated(port: number): boolean {
    return this.used.has(port);
  }
}
