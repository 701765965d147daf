/**
 * The simulator's only source of randomness: sfc32 (small, fast, passes PractRand) seeded from
 * the user's seed and a stream name. Every generator draws from its own named stream, so adding
 * a scenario or changing the volume of one generator never shifts the numbers another one sees —
 * which is what keeps benign noise identical with and without injected attacks.
 */

/** cyrb128-style string hash → four 32-bit words (the sfc32 state). */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A stateless hash of (seed, key, a, b) to [0, 1): noise that needs no stream position. */
export function hashUnit(seed: number, key: string, a: number, b: number): number {
  const [h] = hash128(`${seed}|${key}|${a}|${b}`);
  return h / 4294967296;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: string) {
    [this.a, this.b, this.c, this.d] = hash128(`widar-sim|${seed}|${stream}`);
    // Discard the first outputs: sfc32's state mixes in ~12 rounds.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A new independent stream derived from this one's seed material and a sub-name. */
  static of(seed: number, ...path: (string | number)[]): Rng {
    return new Rng(seed, path.join("/"));
  }

  /** Uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** Picks by relative weight; `weights[i]` belongs to `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.float() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i]!;
      if (x < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  /** `n` distinct items in a random order (n ≤ items.length). */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }

  /** A version-4 UUID, lower-case, as Entra writes object ids. */
  guid(): string {
    const w0 = this.next();
    const w1 = this.next();
    const w2 = this.next();
    const w3 = this.next();
    return (
      HEX[w0 >>> 24]! +
      HEX[(w0 >>> 16) & 255]! +
      HEX[(w0 >>> 8) & 255]! +
      HEX[w0 & 255]! +
      "-" +
      HEX[w1 >>> 24]! +
      HEX[(w1 >>> 16) & 255]! +
      "-4" +
      HEX[(w1 >>> 8) & 15]!.slice(1) +
      HEX[w1 & 255]! +
      "-" +
      HEX[0x80 | ((w2 >>> 24) & 0x3f)]! +
      HEX[(w2 >>> 16) & 255]! +
      "-" +
      HEX[(w2 >>> 8) & 255]! +
      HEX[w2 & 255]! +
      HEX[w3 >>> 24]! +
      HEX[(w3 >>> 16) & 255]! +
      HEX[(w3 >>> 8) & 255]! +
      HEX[w3 & 255]!
    );
  }

  /** `bytes` random bytes as lower-case hex. */
  hex(bytes: number): string {
    let s = "";
    for (let i = 0; i < bytes; i += 4) {
      const w = this.next();
      s += HEX[w >>> 24]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 8) & 255]! + HEX[w & 255]!;
    }
    return s.slice(0, bytes * 2);
  }

  /** `chars` random base64url characters (Entra's UniqueTokenIdentifier is 22 of them). */
  base64url(chars: number): string {
    let s = "";
    while (s.length < chars) {
      const w = this.next();
      s += B64URL[w & 63]! + B64URL[(w >>> 6) & 63]! + B64URL[(w >>> 12) & 63]! + B64URL[(w >>> 18) & 63]! + B64URL[(w >>> 24) & 63]!;
    }
    return s.slice(0, chars);
  }

  /** `chars` random upper-case alphanumerics (the suffixes of Entra audit record ids). */
  alnum(chars: number): string {
    const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let s = "";
    for (let i = 0; i < chars; i++) s += A[this.next() % 36]!;
    return s;
  }
}
