/**
 * A bitmap of allocated offsets with the "static/dynamic bands" random scan the API server
 * uses for ClusterIPs and nodePorts: a random start in the upper band [offset, max), scanning
 * forward and wrapping; the lower band [0, offset) only when the upper one is full.
 * (kubernetes pkg/registry/core/service/allocator/bitmap.go randomScanStrategyWithOffset,
 * ipallocator/ipallocator.go allocateNextService in v1.33: same bands.)
 */
import type { Rand } from '../rand.ts';

export class BitmapAllocator {
  private readonly used: Uint8Array;
  private allocatedCount = 0;

  constructor(
    /** Number of allocatable offsets. */
    readonly max: number,
    /** Size of the lower (static) band. */
    readonly offset: number,
  ) {
    this.used = new Uint8Array(max);
  }

  get count(): number {
    return this.allocatedCount;
  }

  has(i: number): boolean {
    return this.used[i] === 1;
  }

  /** Marks an offset; false if it was taken. */
  allocate(i: number): boolean {
    if (this.used[i]) return false;
    this.used[i] = 1;
    this.allocatedCount++;
    return true;
  }

  release(i: number): void {
    if (i < 0 || i >= this.max || !this.used[i]) return;
    this.used[i] = 0;
    this.allocatedCount--;
  }

  /** The next free offset by the random band scan, or undefined when full. */
  allocateNext(rand: Rand): number | undefined {
    if (this.allocatedCount >= this.max) return undefined;
    const upper = this.max - this.offset;
    if (upper > 0) {
      const start = rand.int(upper);
      for (let k = 0; k < upper; k++) {
        const at = this.offset + ((start + k) % upper);
        if (!this.used[at]) return this.take(at);
      }
    }
    if (this.offset > 0) {
      const start = rand.int(this.offset);
      for (let k = 0; k < this.offset; k++) {
        const at = (start + k) % this.offset;
        if (!this.used[at]) return this.take(at);
      }
    }
    return undefined;
  }

  private take(i: number): number {
    this.used[i] = 1;
    this.allocatedCount++;
    return i;
  }
}

/** calculateRangeOffset: clamp(size / step, lo, hi), or 0 for ranges smaller than lo. */
export function rangeOffset(size: number, lo: number, hi: number, step: number): number {
  if (size < lo) return 0;
  return Math.min(Math.max(Math.floor(size / step), lo), hi);
}
