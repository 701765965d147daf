/** coerceValue: every type, null handling, the forms real exports write, and what is refused. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { coerceValue, isInstantText, normalizeGuid } from "../../src/data/coerce.js";
import { formatDatetime, formatTimespan } from "../../src/functions/datetime-text.js";
import type { Json, KType, Value } from "../../src/types.js";

type Case = [raw: unknown, type: KType, expected: Json, ok: boolean, textual?: boolean];

/** Datetimes and timespans compared as text. */
function render(v: Value, t: KType): Json {
  if (v === null) return null;
  if (t === "datetime") return formatDatetime(v as number);
  if (t === "timespan") return formatTimespan(v as number);
  return v as Json;
}

const cases: Case[] = [
  // nulls and missing
  [null, "string", "", true],
  [undefined, "string", "", true],
  [null, "long", null, true],
  [undefined, "datetime", null, true],
  [null, "dynamic", null, true],
  ["", "long", null, true],
  ["  ", "datetime", null, true],
  ["", "guid", null, true],
  ["", "dynamic", "", true],
  ["", "dynamic", null, true, true],
  // datetime
  ["2026-11-21T10:00:00Z", "datetime", "2026-11-21T10:00:00.0000000Z", true],
  ["2026-11-21T10:00:00.1234567Z", "datetime", "2026-11-21T10:00:00.1234567Z", true],
  ["2026-11-21T12:00:00+02:00", "datetime", "2026-11-21T10:00:00.0000000Z", true],
  ["2026-11-21 10:00:00", "datetime", "2026-11-21T10:00:00.0000000Z", true],
  ["2026-11-21", "datetime", "2026-11-21T00:00:00.0000000Z", true],
  ["/Date(1795255200000)/", "datetime", "2026-11-21T10:00:00.0000000Z", true],
  ["11/21/2026, 3:04:05.120 PM", "datetime", "2026-11-21T15:04:05.1200000Z", true],
  ["11/21/2026, 12:00:00 AM", "datetime", "2026-11-21T00:00:00.0000000Z", true],
  ["2026-13-01T00:00:00Z", "datetime", null, false],
  ["yesterday", "datetime", null, false],
  [1795168800, "datetime", null, false],
  [true, "datetime", null, false],
  // timespan
  ["01:30:00", "timespan", "01:30:00", true],
  ["2d", "timespan", "2.00:00:00", true],
  [600_000_000, "timespan", "00:01:00", true],
  ["soon", "timespan", null, false],
  // int / long
  [42, "long", 42, true],
  ["42", "long", 42, true],
  [" -7 ", "long", -7, true],
  ["1e3", "long", 1000, true],
  [1.5, "long", null, false],
  ["1.5", "long", null, false],
  ["0x10", "long", null, false],
  ["abc", "long", null, false],
  [true, "long", null, false],
  [2147483647, "int", 2147483647, true],
  [2147483648, "int", null, false],
  // real / decimal
  [1.5, "real", 1.5, true],
  ["1.5", "real", 1.5, true],
  [".5", "real", 0.5, true],
  ["-2.5e-3", "decimal", -0.0025, true],
  ["NaN", "real", Number.NaN, true],
  ["-Infinity", "real", Number.NEGATIVE_INFINITY, true],
  ["1,5", "real", null, false],
  // bool
  [true, "bool", true, true],
  ["true", "bool", true, true],
  ["True", "bool", true, true],
  ["FALSE", "bool", false, true],
  [1, "bool", true, true],
  [0, "bool", false, true],
  ["1", "bool", true, true],
  [2, "bool", null, false],
  ["yes", "bool", null, false],
  // guid
  ["6B29FC40-CA47-1067-B31D-00DD010662DA", "guid", "6b29fc40-ca47-1067-b31d-00dd010662da", true],
  ["{6b29fc40-ca47-1067-b31d-00dd010662da}", "guid", "6b29fc40-ca47-1067-b31d-00dd010662da", true],
  ["6b29fc40ca471067b31d00dd010662da", "guid", "6b29fc40-ca47-1067-b31d-00dd010662da", true],
  ["not-a-guid", "guid", null, false],
  [12, "guid", null, false],
  // string
  ["text", "string", "text", true],
  [12.5, "string", "12.5", true],
  [false, "string", "false", true],
  [{ a: [1, "x"] }, "string", '{"a":[1,"x"]}', true],
  // dynamic
  [{ a: 1 }, "dynamic", { a: 1 }, true],
  [[1, 2], "dynamic", [1, 2], true],
  ['{"user":{"id":"u1"}}', "dynamic", { user: { id: "u1" } }, true],
  [' [ {"k":1} ] ', "dynamic", [{ k: 1 }], true],
  ["{not json}", "dynamic", "{not json}", true],
  ["5", "dynamic", "5", true],
  ["5", "dynamic", 5, true, true],
  ["true", "dynamic", true, true, true],
  ["plain words", "dynamic", "plain words", true, true],
  [7, "dynamic", 7, true],
];

describe("coerceValue", () => {
  for (const [raw, type, expected, ok, textual] of cases) {
    const label = `${JSON.stringify(raw) ?? "undefined"} → ${type}${textual ? " (text)" : ""}`;
    test(label, () => {
      const r = coerceValue(raw, type, { textual });
      assert.equal(r.ok, ok);
      assert.deepEqual(render(r.value, type), expected);
    });
  }

  test("a string column never holds null, even for a bad value", () => {
    assert.deepEqual(coerceValue(null, "string"), { value: "", ok: true });
  });
});

describe("helpers", () => {
  test("normalizeGuid", () => {
    assert.equal(normalizeGuid("ABCDEF01-2345-6789-ABCD-EF0123456789"), "abcdef01-2345-6789-abcd-ef0123456789");
    assert.equal(normalizeGuid("abc"), null);
  });
  test("isInstantText requires a time of day (or /Date()/)", () => {
    assert.equal(isInstantText("2026-11-21T10:00:00Z"), true);
    assert.equal(isInstantText("2026-11-21 10:00"), true);
    assert.equal(isInstantText("/Date(0)/"), true);
    assert.equal(isInstantText("2026-11-21"), false);
    assert.equal(isInstantText("2026"), false);
    assert.equal(isInstantText("2026-11-31T10:00:00Z"), false);
  });
});
