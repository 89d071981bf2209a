/**
 * Instants at which a controller wants to look at an object again (the work queue's AddAfter),
 * by key. The cluster's clock asks for the next one and takes those that are due.
 */
export class DueTimes {
  private readonly at = new Map<string, number>();

  set(key: string, ms: number): void {
    this.at.set(key, ms);
  }

  delete(key: string): void {
    if (this.at.size) this.at.delete(key);
  }

  /** The earliest instant (ms), if any. */
  next(): number | undefined {
    let next: number | undefined;
    for (const t of this.at.values()) if (next === undefined || t < next) next = t;
    return next;
  }

  /** The keys due by `now` (ms), removed. */
  takeDue(now: number): string[] {
    const due: string[] = [];
    for (const [key, t] of this.at) {
      if (t > now) continue;
      due.push(key);
      this.at.delete(key);
    }
    return due;
  }
}
