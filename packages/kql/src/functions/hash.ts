/**
 * Hash and identity functions: `hash` (XXH64 of the value's UTF-8 text, seed 0), `hash_sha256`,
 * `hash_sha1`, `hash_md5` (lower-case hex of the UTF-8 text), `hash_xxhash64`, `new_guid`.
 *
 * Kusto documents `hash` as xxhash64-based but not how non-string values are serialised, so
 * widar's `hash` values are stable and well distributed but not guaranteed equal to Kusto's.
 * Without a modulo, the 64-bit hash becomes a (signed) long; a double holds it to 2^53.
 */
import { createHash, randomUUID } from "node:crypto";
import { fixed, fullTextConv, numberConv, scalar, stringConv } from "./define.js";
import type { ScalarFunction } from "./registry-types.js";

const M64 = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & M64;
}

function round(acc: bigint, input: bigint): bigint {
  acc = (acc + input * P2) & M64;
  return (rotl(acc, 31n) * P1) & M64;
}

function merge(acc: bigint, val: bigint): bigint {
  acc ^= round(0n, val);
  return (acc * P1 + P4) & M64;
}

function u64(b: Uint8Array, i: number): bigint {
  let v = 0n;
  for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(b[i + k]!);
  return v;
}

function u32(b: Uint8Array, i: number): bigint {
  return BigInt((b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0);
}

/** XXH64 of bytes with seed 0, as an unsigned 64-bit BigInt. */
export function xxhash64(b: Uint8Array): bigint {
  const len = b.length;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (P1 + P2) & M64;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (-P1) & M64;
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, u64(b, i));
      v2 = round(v2, u64(b, i + 8));
      v3 = round(v3, u64(b, i + 16));
      v4 = round(v4, u64(b, i + 24));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M64;
    h = merge(merge(merge(merge(h, v1), v2), v3), v4);
  } else h = P5;
  h = (h + BigInt(len)) & M64;
  for (; i + 8 <= len; i += 8) {
    h ^= round(0n, u64(b, i));
    h = (rotl(h, 27n) * P1 + P4) & M64;
  }
  if (i + 4 <= len) {
    h ^= (u32(b, i) * P1) & M64;
    h = (rotl(h, 23n) * P2 + P3) & M64;
    i += 4;
  }
  for (; i < len; i++) {
    h ^= (BigInt(b[i]!) * P5) & M64;
    h = (rotl(h, 11n) * P1) & M64;
  }
  h ^= h >> 33n;
  h = (h * P2) & M64;
  h ^= h >> 29n;
  h = (h * P3) & M64;
  h ^= h >> 32n;
  return h;
}

const encoder = new TextEncoder();

function digest(name: string, algorithm: string): ScalarFunction {
  return scalar(name, "hash", (site) => {
    const s = fullTextConv(site.argTypes[0] ?? "string");
    return (args) => createHash(algorithm).update(s(args[0] ?? null), "utf8").digest("hex");
  });
}

/**
 * hash_combine's mixing step. Kusto does not document its formula (its page only shows values),
 * so widar uses boost's 64-bit hash_combine: values differ from Kusto's, but
 * hash_many(a, b) == hash_combine(hash(a), hash(b)) holds as the hash_many page states.
 */
function combine(seed: bigint, h: bigint): bigint {
  return (seed ^ ((h + 0x9e3779b97f4a7c15n + ((seed << 6n) & M64) + (seed >> 2n)) & M64)) & M64;
}

function combineAll(hashes: readonly bigint[]): number {
  let acc = hashes[0] ?? 0n;
  for (let i = 1; i < hashes.length; i++) acc = combine(acc, hashes[i]!);
  return Number(BigInt.asIntN(64, acc));
}

export const hashFunctions: readonly ScalarFunction[] = [
  scalar("hash_combine", "hash", (site) => {
    const n = site.argTypes.map((t) => numberConv(t));
    return (args) => {
      const hs: bigint[] = [];
      for (let i = 0; i < args.length; i++) {
        const v = n[i]!(args[i] ?? null);
        if (v === null || !Number.isFinite(v)) return null;
        hs.push(BigInt.asUintN(64, BigInt(Math.trunc(v))));
      }
      return combineAll(hs);
    };
  }),
  scalar("hash_many", "hash", (site) => {
    const s = site.argTypes.map((t) => stringConv(t));
    return (args) => combineAll(args.map((v, i) => xxhash64(encoder.encode(s[i]!(v ?? null)))));
  }),
  ...["hash", "hash_xxhash64"].map((name) =>
    scalar(name, "hash", (site) => {
      const s = stringConv(site.argTypes[0] ?? "string");
      const m = numberConv(site.argTypes[1] ?? "long");
      return (args) => {
        const v = args[0] ?? null;
        if (v === null && site.argTypes[0] !== "string") return null;
        const h = xxhash64(encoder.encode(s(v)));
        if (args.length > 1) {
          const mod = m(args[1] ?? null);
          if (mod === null || !Number.isInteger(mod) || mod <= 0) return null;
          return Number(h % BigInt(mod));
        }
        return Number(BigInt.asIntN(64, h));
      };
    }),
  ),
  digest("hash_sha256", "sha256"),
  digest("hash_sha1", "sha1"),
  digest("hash_md5", "md5"),
  fixed("new_guid", "hash", () => randomUUID()),
];
