/**
 * Binary encodings: `base64_decode_toarray`, `base64_encode_fromarray`, `base64_decode_toguid`,
 * `base64_encode_fromguid`, and zlib/gzip compression of text to and from base64.
 *
 * Base64 must be canonical (length a multiple of 4, `=` padding only at the end), else the
 * result is null ("" for strings), as the base64 pages show for unpadded input. GUIDs use .NET's
 * byte layout (the first three groups little-endian), which the base64 guid pages' examples
 * follow. Compression is node:zlib's deflate at its default level: the text round-trips, but the
 * compressed bytes need not equal .NET's (which Kusto uses) for the same input.
 */
import { deflateSync, gunzipSync, gzipSync, inflateSync } from "node:zlib";
import { parseGuid, scalar, stringConv } from "./define.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(s: string): Buffer | null {
  const t = s.trim();
  return BASE64.test(t) ? Buffer.from(t, "base64") : null;
}

function enc(name: string, bind: (site: CallSite) => RowKernel): ScalarFunction {
  return scalar(name, "string", bind);
}

/** .NET Guid.ToByteArray layout of a canonical guid text. */
function guidBytes(g: string): Buffer {
  const h = g.replace(/-/g, "");
  const b = Buffer.from(h, "hex");
  const swap = (from: number, len: number) => b.subarray(from, from + len).reverse();
  swap(0, 4);
  swap(4, 2);
  swap(6, 2);
  return b;
}

function guidFromBytes(b: Buffer): string | null {
  if (b.length !== 16) return null;
  const c = Buffer.from(b);
  const swap = (from: number, len: number) => c.subarray(from, from + len).reverse();
  swap(0, 4);
  swap(4, 2);
  swap(6, 2);
  return parseGuid(c.toString("hex"));
}

function decompress(name: string, inflate: (b: Buffer) => Buffer): ScalarFunction {
  return enc(name, (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => {
      const b = decodeBase64(s(a[0] ?? null));
      if (b === null) return "";
      try {
        return new TextDecoder("utf-8", { fatal: true }).decode(inflate(b));
      } catch {
        return "";
      }
    };
  });
}

export const encodingFunctions: readonly ScalarFunction[] = [
  enc("base64_decode_toarray", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => {
      const b = decodeBase64(s(a[0] ?? null));
      return b === null ? null : [...b];
    };
  }),
  enc("base64_encode_fromarray", () => (a) => {
    const v = a[0] ?? null;
    if (!Array.isArray(v) || !v.every((x) => typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= 255)) return "";
    return Buffer.from(v as number[]).toString("base64");
  }),
  enc("base64_decode_toguid", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => {
      const b = decodeBase64(s(a[0] ?? null));
      return b === null ? null : guidFromBytes(b);
    };
  }),
  enc("base64_encode_fromguid", (site) => {
    const s = stringConv(site.argTypes[0] ?? "guid");
    return (a) => {
      const g = parseGuid(s(a[0] ?? null));
      return g === null ? "" : guidBytes(g).toString("base64");
    };
  }),
  enc("zlib_compress_to_base64_string", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => deflateSync(Buffer.from(s(a[0] ?? null), "utf8")).toString("base64");
  }),
  enc("gzip_compress_to_base64_string", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (a) => gzipSync(Buffer.from(s(a[0] ?? null), "utf8")).toString("base64");
  }),
  decompress("zlib_decompress_from_base64_string", (b) => inflateSync(b)),
  decompress("gzip_decompress_from_base64_string", (b) => gunzipSync(b)),
];
