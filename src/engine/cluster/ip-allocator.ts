/**
 * ClusterIP allocation from --service-cluster-ip-range (kubernetes
 * pkg/registry/core/service/ipallocator). The network and broadcast addresses are never handed
 * out; the first usable address is offset 0 (the `kubernetes` Service's 10.96.0.1).
 */
import type { Rand } from '../rand.ts';
import { BitmapAllocator, rangeOffset } from './bitmap-allocator.ts';
import type { Cidr } from './ipv4.ts';
import { formatCidr, formatIPv4 } from './ipv4.ts';

export type IPAllocError = 'not-in-range' | 'allocated';

/** ipallocator.ErrMismatchedNetwork. */
export const MISMATCHED_NETWORK = 'the provided network does not match the current range';

export class ServiceIPAllocator {
  private readonly bitmap: BitmapAllocator;
  /** First allocatable address (network + 1). */
  private readonly first: number;

  constructor(readonly cidr: Cidr) {
    this.first = cidr.base + 1;
    const max = Math.max(0, cidr.size - 2);
    // ipallocator calculateRangeOffset: min 16, max 256, step 16, over the whole CIDR size.
    this.bitmap = new BitmapAllocator(max, rangeOffset(cidr.size, 16, 256, 16));
  }

  get rangeText(): string {
    return formatCidr(this.cidr);
  }

  /** The address `index` positions into the range: 1 -> 10.96.0.1, 10 -> 10.96.0.10 (GetIndexedIP). */
  indexed(index: number): string {
    return formatIPv4(this.cidr.base + index);
  }

  contains(ip: number): boolean {
    const i = ip - this.first;
    return i >= 0 && i < this.bitmap.max;
  }

  isAllocated(ip: number): boolean {
    return this.contains(ip) && this.bitmap.has(ip - this.first);
  }

  allocate(ip: number): IPAllocError | undefined {
    if (!this.contains(ip)) return 'not-in-range';
    return this.bitmap.allocate(ip - this.first) ? undefined : 'allocated';
  }

  allocateNext(rand: Rand): number | undefined {
    const i = this.bitmap.allocateNext(rand);
    return i === undefined ? undefined : this.first + i;
  }

  release(ip: number): void {
    if (this.contains(ip)) this.bitmap.release(ip - this.first);
  }

  /**
   * The allocator's error texts. v1.33 allocates through the MultiCIDRServiceAllocator (GA and on
   * by default): an address no ServiceCIDR holds, its network and broadcast addresses included
   * (servicecidr.PrefixContainsIP), is ErrMismatchedNetwork before any bitmap is asked
   * (ipallocator/cidrallocator.go getAllocator); a taken one is ErrAllocated.
   */
  message(err: IPAllocError): string {
    return err === 'not-in-range' ? MISMATCHED_NETWORK : 'provided IP is already allocated';
  }
}
