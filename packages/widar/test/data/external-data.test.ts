/** --externaldata: URL=PATH mappings and directories of cached copies. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { externalDataUrls, localCopies, parseExternalDataArgs } from "../../src/data/external-data.js";

const dir = mkdtempSync(join(tmpdir(), "widar-extdata-"));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "mapped.csv"), "mapped\n");
mkdirSync(join(dir, "cache", "raw.example.com", "lists"), { recursive: true });
writeFileSync(join(dir, "cache", "raw.example.com", "lists", "ips.txt"), "by host and path\n");
writeFileSync(join(dir, "cache", encodeURIComponent("https://x.example/q?a=1")), "by encoded URL\n");
writeFileSync(join(dir, "cache", "only-name.csv"), "by file name\n");

describe("--externaldata", () => {
  test("URL=PATH (split at the last =, a URL may hold one) and directories; bad ones are errors", () => {
    const r = parseExternalDataArgs([`https://x.example/q?a=1=${join(dir, "mapped.csv")}`, join(dir, "cache"), "https://x.example/none=/nowhere", "nodir"]);
    assert.deepEqual([...r.sources.files], [["https://x.example/q?a=1", join(dir, "mapped.csv")]]);
    assert.deepEqual(r.sources.dirs, [join(dir, "cache")]);
    assert.equal(r.errors.length, 2);
  });

  test("the URLs of a query's externaldata lists, in every string literal form", () => {
    const q = `externaldata(a:string)["https://a/1", h'https://a/2', @"https://a/3"] with (format="csv") | union (externaldata(b:long) [ 'https://a/4' ])`;
    assert.deepEqual(externalDataUrls([q]), ["https://a/1", "https://a/2", "https://a/3", "https://a/4"]);
  });

  test("a mapping wins; a directory finds the copy by encoded URL, host and path, or file name", () => {
    const { sources } = parseExternalDataArgs([`https://x.example/q?a=1=${join(dir, "mapped.csv")}`, join(dir, "cache")]);
    const q = `externaldata(a:string)['https://x.example/q?a=1', 'https://raw.example.com/lists/ips.txt', 'https://other.example/deep/only-name.csv', 'https://none.example/x.csv']`;
    assert.deepEqual(Object.fromEntries(localCopies([q], sources)), {
      "https://x.example/q?a=1": "mapped\n",
      "https://raw.example.com/lists/ips.txt": "by host and path\n",
      "https://other.example/deep/only-name.csv": "by file name\n",
    });
    const { sources: dirOnly } = parseExternalDataArgs([join(dir, "cache")]);
    assert.equal(localCopies([q], dirOnly).get("https://x.example/q?a=1"), "by encoded URL\n");
  });
});
