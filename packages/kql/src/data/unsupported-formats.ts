/**
 * Files widar does not read, recognised by their first bytes so that a zip archive (a portal
 * export downloaded as .zip) is refused with a coded error (WD004) instead of being sniffed as
 * CSV and loaded as garbage rows. Plain text and gzip are read (./source.ts).
 */
import { open } from "node:fs/promises";

const SIGNATURES: readonly { readonly name: string; readonly bytes: readonly number[] }[] = [
  { name: "a zip archive", bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: "an empty zip archive", bytes: [0x50, 0x4b, 0x05, 0x06] },
  { name: "a bzip2 stream", bytes: [0x42, 0x5a, 0x68] },
  { name: "an xz stream", bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: "a zstd stream", bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: "a 7-zip archive", bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: "a Parquet file", bytes: [0x50, 0x41, 0x52, 0x31] },
];

/** What the file is when it is a format widar cannot read, or undefined. Throws when it cannot be opened. */
export async function unsupportedFormat(path: string): Promise<string | undefined> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(6);
    const { bytesRead } = await fh.read(buf, 0, 6, 0);
    return SIGNATURES.find((s) => s.bytes.length <= bytesRead && s.bytes.every((b, i) => buf[i] === b))?.name;
  } finally {
    await fh.close();
  }
}
