/**
 * nodePort allocation from --service-node-port-range (kubernetes
 * pkg/registry/core/service/portallocator/allocator.go): static band at the bottom of the range
 * (30000-30085 for the default 30000-32767), dynamic allocations from the rest first.
 */
import type { Rand } from '../rand.ts';
import { BitmapAllocator, rangeOffset } from './bitmap-allocator.ts';

export type PortAllocError = 'not-in-range' | 'allocated';

export class NodePortAllocator {
  private readonly bitmap: BitmapAllocator;

  constructor(
    readonly base: number,
    readonly size: number,
  ) {
    // portallocator calculateRangeOffset: min 16, max 128, step 32.
    this.bitmap = new BitmapAllocator(size, rangeOffset(size, 16, 128, 32));
  }

  /** PortRange.String(): `30000-32767`. */
  get rangeText(): string {
    return `${this.base}-${this.base + this.size - 1}`;
  }

  contains(port: number): boolean {
    return port >= this.base && port < this.base + this.size;
  }

  isAllocated(port: number): boolean {
    return this.contains(port) && this.bitmap.has(port - this.base);
  }

  allocate(port: number): PortAllocError | undefined {
    if (!this.contains(port)) return 'not-in-range';
    return this.bitmap.allocate(port - this.base) ? undefined : 'allocated';
  }

  allocateNext(rand: Rand): number | undefined {
    const i = this.bitmap.allocateNext(rand);
    return i === undefined ? undefined : this.base + i;
  }

  release(port: number): void {
    if (this.contains(port)) this.bitmap.release(port - this.base);
  }

  message(err: PortAllocError): string {
    return err === 'not-in-range'
      ? `provided port is not in the valid range. The range of valid ports is ${this.rangeText}`
      : 'provided port is already allocated';
  }
}
