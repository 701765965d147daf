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

  /** False once the column proved mostly distinct (get() then returns its argument). */
  get active(): boolean {
    return this.slots !== null;
  }

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

/**
 * The parsed value of each distinct text of a dynamic column loaded from JSON text (Log
 * Analytics exports carry dynamic cells as strings: `"[]"`, the same LocationDetails on every
 * sign-in from one place). Texts are made canonical by a StringPool, whose strings then hash once
 * in the Map, so a repeated text is parsed once and its value shared: dynamic values are never
 * mutated by the engine. A column of mostly distinct texts stops caching with its pool.
 */
export class ParsedTextCache<V> {
  private readonly pool = new StringPool();
  private memo: Map<string, V> | null = new Map();

  get(s: string, parse: (text: string) => V): V {
    const c = this.pool.get(s);
    const memo = this.memo;
    if (memo === null) return parse(s);
    if (!this.pool.active) {
      this.memo = null;
      return parse(s);
    }
    let v = memo.get(c);
    if (v === undefined) {
      v = parse(c);
      memo.set(c, v);
    }
    return v;
  }
}
