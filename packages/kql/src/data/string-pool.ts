/**
 * One column's distinct strings, so that a value repeated on every row (an app's name, an
 * operation, the same JSON details) is kept once. Log columns are mostly such values, and
 * keeping one copy instead of millions is what makes a load's memory and garbage collection
 * follow the data's variety rather than its size. A column whose values are mostly distinct
 * (ids) stops pooling after a sample, where pooling would only cost.
 */
export class StringPool {
  // A direct-mapped cache indexed from a string's length and three of its characters: no hash
  // of the whole string (JSON.parse's strings are new, so a Map would hash every one), and a
  // collision only costs a missed reuse.
  private slots: (string | undefined)[] | null = new Array(SLOTS);
  private lookups = 0;
  private misses = 0;

  get(s: string): string {
    const slots = this.slots;
    if (slots === null) return s;
    const n = s.length;
    const k = (n * 0x9e3 + s.charCodeAt(0) * 31 + s.charCodeAt(n >> 1) * 7 + s.charCodeAt(n - 1)) & (SLOTS - 1);
    const hit = slots[k];
    this.lookups++;
    if (hit === s) return hit;
    slots[k] = s;
    // A column of mostly distinct values (ids) stops trying after a sample.
    if (++this.misses > 4096 && this.misses * 2 > this.lookups) this.slots = null;
    return s;
  }
}

const SLOTS = 4096;
