/**
 * The loader's builders for string, guid and dynamic columns, where most of a load's time goes.
 *
 * A plain `array.push` per cell into 40 columns of millions of rows is slow in V8: every growth
 * of a large array is a new large object, and each full collection marks every live element.
 * So strings are kept as dictionary codes in a typed array (never scanned by the collector) as
 * they arrive, which is also the layout the engine wants (exec/dictionary.ts): the catalog no
 * longer has to encode the column afterwards. A column that proves mostly distinct (ids) falls
 * back to values in fixed-size chunks, joined once at the end.
 */
import type { Column } from "../exec/column.js";
import { ObjectColumn } from "../exec/column.js";
import { DictionaryColumn, worthEncoding } from "../exec/dictionary.js";
import type { KType, Value } from "../types.js";

const CHUNK = 8192;

/** Values appended in fixed-size chunks; `toArray()` joins them into one exact-size array. */
export class ChunkedValues {
  private readonly chunks: Value[][] = [];
  private current: Value[] = new Array(CHUNK);
  private at = 0;
  private n = 0;

  get length(): number {
    return this.n;
  }

  push(v: Value): void {
    if (this.at === CHUNK) {
      this.chunks.push(this.current);
      this.current = new Array(CHUNK);
      this.at = 0;
    }
    this.current[this.at++] = v;
    this.n++;
  }

  toArray(): Value[] {
    const out: Value[] = new Array(this.n);
    let k = 0;
    for (const c of this.chunks) for (let i = 0; i < CHUNK; i++) out[k++] = c[i] as Value;
    for (let i = 0; i < this.at; i++) out[k++] = this.current[i] as Value;
    return out;
  }
}

/** Cache slots (a power of two), in sets of two; see DictionaryBuilder.push. */
const SLOTS = 4096;
/**
 * A non-empty string's set of slots (an even index), from its length and five of its characters: enough to tell apart
 * the guids of one column (whose dashes sit at fixed places) and the IPs of a tenant, without
 * reading the whole string.
 */
function slotOf(v: string): number {
  const n = v.length;
  let h = Math.imul(n, 0x9e3779b1) ^ v.charCodeAt(0);
  h = Math.imul(h ^ v.charCodeAt(n >> 2), 0x85ebca6b);
  h = Math.imul(h ^ v.charCodeAt(n >> 1), 0xc2b2ae35);
  h = Math.imul(h ^ v.charCodeAt((3 * n) >> 2), 0x27d4eb2f) ^ v.charCodeAt(n - 1);
  return (h ^ (h >>> 15)) & (SLOTS - 2);
}

/** Distinct values after which a mostly-distinct column stops being dictionary-encoded. */
const SAMPLE = 4096;

/**
 * A string or guid column: dictionary codes while the values repeat, plain values once they do
 * not. `finish()` gives a DictionaryColumn exactly when `dictionaryEncode` would have made one of
 * the plain column, so both paths give the engine the same layout.
 */
export class DictionaryBuilder {
  private codes: Int32Array | null = new Int32Array(1024);
  private n = 0;
  private dictionary: Value[] = [];
  private index: Map<Value, number> | null = new Map();
  // A two-way cache in front of the Map, indexed from a string's length and five of its
  // characters (slotOf): JSON.parse's strings are new, so a Map lookup would hash every one.
  private readonly slotValues: (string | undefined)[] = new Array(SLOTS);
  private readonly slotCodes = new Int32Array(SLOTS);
  private plain: ChunkedValues | null = null;
  private emptyCode = -1;

  constructor(readonly type: KType) {}

  get length(): number {
    return this.n;
  }

  push(v: Value): void {
    if (this.plain !== null) {
      this.plain.push(v);
      this.n++;
      return;
    }
    let code: number;
    // The common case inline: the value is in one of the two slots of its set.
    if (typeof v === "string" && v.length > 0) {
      const k = slotOf(v);
      const values = this.slotValues;
      code = values[k] === v ? this.slotCodes[k]! : values[k + 1] === v ? this.slotCodes[k + 1]! : this.codeOf(v, k);
    } else code = this.codeOf(v, -1);
    if (code < 0) {
      // codeOf just gave up on the dictionary: the value goes to the plain values.
      this.plain!.push(v);
      this.n++;
      return;
    }
    let codes = this.codes!;
    if (this.n === codes.length) {
      const grown = new Int32Array(codes.length * 2);
      grown.set(codes);
      this.codes = codes = grown;
    }
    codes[this.n++] = code;
  }

  /** The code of a value its slots (set `k`, or none: -1) do not hold; -1 once gone plain. */
  private codeOf(v: Value, k: number): number {
    // Log columns are often empty ("none"): that code is kept apart from the slots.
    if (v === "" && this.emptyCode >= 0) return this.emptyCode;
    const index = this.index!;
    let code = index.get(v);
    if (code === undefined) {
      code = this.dictionary.length;
      if (code >= SAMPLE && code * 2 > this.n) {
        this.toPlain();
        return -1;
      }
      index.set(v, code);
      this.dictionary.push(v);
      if (v === "") this.emptyCode = code;
    }
    if (k >= 0) {
      // The set's newer entry moves over: two values that share a set both stay cached.
      this.slotValues[k + 1] = this.slotValues[k];
      this.slotCodes[k + 1] = this.slotCodes[k]!;
      this.slotValues[k] = v as string;
      this.slotCodes[k] = code;
    }
    return code;
  }

  /** Mostly distinct so far: the rows become plain values and the dictionary is dropped. */
  private toPlain(): void {
    const plain = new ChunkedValues();
    const codes = this.codes!;
    for (let i = 0; i < this.n; i++) plain.push(this.dictionary[codes[i]!] as Value);
    this.plain = plain;
    this.codes = null;
    this.index = null;
    this.dictionary = [];
  }

  finish(): Column {
    if (this.plain !== null) return new ObjectColumn(this.type, this.plain.toArray());
    const codes = this.codes!.length === this.n ? this.codes! : this.codes!.slice(0, this.n);
    if (worthEncoding(this.dictionary.length, this.n)) return new DictionaryColumn(this.type, codes, this.dictionary);
    const values: Value[] = new Array(this.n);
    for (let i = 0; i < this.n; i++) values[i] = this.dictionary[codes[i]!] as Value;
    return new ObjectColumn(this.type, values);
  }
}
