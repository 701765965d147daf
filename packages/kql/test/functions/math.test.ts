/** Math and hash functions, table-driven. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { xxhash64 } from "../../src/functions/hash.js";
import { type Case, call, dt, runCases, ts } from "./helpers.js";

const math: Case[] = [
  ["abs", "abs", ["long"], "long", [-5], 5],
  ["abs null", "abs", ["real"], "real", [null], null],
  ["abs timespan", "abs", ["timespan"], "timespan", [-ts("1h")], ts("1h")],
  ["round", "round", ["real"], "real", [2.5], 3],
  ["round negative half away from zero", "round", ["real"], "real", [-2.5], -3],
  ["round precision", "round", ["real", "long"], "real", [2.98765, 3], 2.988],
  ["round decimal-exact", "round", ["real", "long"], "real", [2.15, 1], 2.2],
  ["round negative precision", "round", ["real", "long"], "real", [-50.55, -2], -100],
  ["round a tiny value (exponent form)", "round", ["real", "long"], "real", [0.0000001, 2], 0],
  ["round a huge value (exponent form)", "round", ["real", "long"], "real", [1e21, 0], 1e21],
  ["round 1.005 to 2 digits: decimal-exact", "round", ["real", "long"], "real", [1.005, 2], 1.01],
  ["round 21.5 to tens", "round", ["real", "long"], "real", [21.5, -1], 20],
  ["ceiling", "ceiling", ["real"], "real", [1.2], 2],
  ["sqrt", "sqrt", ["real"], "real", [9], 3],
  ["sqrt negative is null", "sqrt", ["real"], "real", [-1], null],
  ["pow", "pow", ["long", "long"], "real", [2, 10], 1024],
  ["exp10", "exp10", ["long"], "real", [3], 1000],
  ["log10", "log10", ["long"], "real", [1000], 3],
  ["log negative is null", "log", ["real"], "real", [-1], null],
  ["log zero is -inf", "log", ["real"], "real", [0], Number.NEGATIVE_INFINITY],
  ["sign", "sign", ["real"], "real", [-3], -1],
  ["pi", "pi", [], "real", [], Math.PI],
  ["bin long", "bin", ["long", "long"], "long", [17, 5], 15],
  ["bin negative long", "bin", ["long", "long"], "long", [-1, 5], -5],
  ["bin real", "bin", ["real", "real"], "real", [4.7, 1], 4],
  ["bin zero size is null", "bin", ["long", "long"], "long", [7, 0], null],
  ["bin null", "bin", ["long", "long"], "long", [null, 5], null],
  ["floor alias", "floor", ["long", "long"], "long", [17, 5], 15],
  ["bin datetime hour", "bin", ["datetime", "timespan"], "datetime", [dt("2024-01-01 13:45"), ts("1h")], dt("2024-01-01 13:00")],
  ["bin datetime day", "bin", ["datetime", "timespan"], "datetime", [dt("2024-01-01 13:45"), ts("1d")], dt("2024-01-01")],
  ["bin datetime 7d aligns to Monday (0001-01-01)", "bin", ["datetime", "timespan"], "datetime", [dt("2024-01-03"), ts("7d")], dt("2024-01-01")],
  ["bin datetime 10m", "bin", ["datetime", "timespan"], "datetime", [dt("2024-01-01 13:47:30"), ts("10m")], dt("2024-01-01 13:40")],
  ["bin datetime before epoch", "bin", ["datetime", "timespan"], "datetime", [dt("1999-05-05 05:05"), ts("1h")], dt("1999-05-05 05:00")],
  ["bin timespan", "bin", ["timespan", "timespan"], "timespan", [ts("95m"), ts("1h")], ts("1h")],
  ["bin_at", "bin_at", ["real", "real", "real"], "real", [6.5, 2.5, 7], 4.5],
  ["bin_at datetime", "bin_at", ["datetime", "timespan", "datetime"], "datetime", [dt("2017-05-15 10:20"), ts("1d"), dt("1970-01-01 12:00")], dt("2017-05-14 12:00")],
  ["binary_and", "binary_and", ["long", "long"], "long", [6, 3], 2],
  ["binary_or", "binary_or", ["long", "long"], "long", [6, 3], 7],
  ["binary_xor", "binary_xor", ["long", "long"], "long", [6, 3], 5],
  ["binary_not", "binary_not", ["long"], "long", [0], -1],
  ["binary_shift_left", "binary_shift_left", ["long", "long"], "long", [1, 4], 16],
  ["binary_shift_right", "binary_shift_right", ["long", "long"], "long", [16, 4], 1],
  ["bitset_count_ones", "bitset_count_ones", ["long"], "long", [255], 8],
];

const hashes: Case[] = [
  ["hash_sha256", "hash_sha256", ["string"], "string", ["abc"], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  ["hash_md5", "hash_md5", ["string"], "string", [""], "d41d8cd98f00b204e9800998ecf8427e"],
  ["hash_sha1", "hash_sha1", ["string"], "string", ["abc"], "a9993e364706816aba3e25717850c26c9cd0d89d"],
  ["hash with modulo is in range", "hash", ["string", "long"], "long", ["World", 100], Number(xxhash64(new TextEncoder().encode("World")) % 100n)],
  ["hash of null long is null", "hash", ["long"], "long", [null], null],
];

describe("math functions", () => runCases(test, math));
describe("hash functions", () => runCases(test, hashes));

describe("xxhash64", () => {
  test("reference vectors", () => {
    assert.equal(xxhash64(new Uint8Array()), 0xef46db3751d8e999n);
    assert.equal(xxhash64(new TextEncoder().encode("a")), 0xd24ec4f1a98c6e5bn);
    assert.equal(xxhash64(new TextEncoder().encode("abc")), 0x44bc2cf5ad770999n);
  });
  test("long inputs use the 32-byte stripes", () => {
    const h1 = xxhash64(new TextEncoder().encode("x".repeat(100)));
    const h2 = xxhash64(new TextEncoder().encode("x".repeat(101)));
    assert.notEqual(h1, h2);
  });
  test("rand and new_guid", () => {
    const r = call("rand", [], "real", []) as number;
    assert.ok(r >= 0 && r < 1);
    assert.match(call("new_guid", [], "guid", []) as string, /^[0-9a-f-]{36}$/);
  });
});
