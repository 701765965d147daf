/** Text forms of datetimes and timespans: parsing and Kusto's printing. */
import assert from "node:assert/strict";
import { msToTicks, ticksToMs } from "../../src/types.js";
import { describe, test } from "node:test";
import {
  formatDatetime,
  formatDatetimeShort,
  formatTimespan,
  parseDatetime,
  parseTimespan,
} from "../../src/functions/datetime-text.js";

const datetimes: [string, string | null][] = [
  ["2024-01-02", "2024-01-02T00:00:00.0000000Z"],
  ["2024-01-02T03:04:05Z", "2024-01-02T03:04:05.0000000Z"],
  ["2024-01-02T03:04:05", "2024-01-02T03:04:05.0000000Z"],
  ["2024-01-02 03:04:05.1234567", "2024-01-02T03:04:05.1234567Z"],
  ["2024-01-02 03:04:05.12345678", "2024-01-02T03:04:05.1234567Z"],
  ["2024-01-02T03:04:05.123Z", "2024-01-02T03:04:05.1230000Z"],
  ["2024-01-02T03:04:05+02:00", "2024-01-02T01:04:05.0000000Z"],
  ["2024-01-02T03:04:05-0530", "2024-01-02T08:34:05.0000000Z"],
  ["2024-01-02 03:04", "2024-01-02T03:04:00.0000000Z"],
  ["  2024-01-02  ", "2024-01-02T00:00:00.0000000Z"],
  ["2024/01/02", "2024-01-02T00:00:00.0000000Z"],
  ["20240102", "2024-01-02T00:00:00.0000000Z"],
  ["/Date(1234567890000)/", "2009-02-13T23:31:30.0000000Z"],
  ["Sat, 21 Nov 2026 10:00:00 GMT", "2026-11-21T10:00:00.0000000Z"],
  ["21 Nov 2026 10:00:00 +0100", "2026-11-21T09:00:00.0000000Z"],
  ["Thu, 01 Jan 70 00:00:00 GMT", "1970-01-01T00:00:00.0000000Z"],
  ["0001-01-01", "0001-01-01T00:00:00.0000000Z"],
  ["1969-07-20T20:17:40Z", "1969-07-20T20:17:40.0000000Z"],
  ["2024-02-29", "2024-02-29T00:00:00.0000000Z"],
  ["2023-02-29", null],
  ["2024-13-01", null],
  ["2024-01-01T24:00:00", null],
  ["2024-01-01T10:60:00", null],
  ["", null],
  ["abc", null],
  ["2024", null],
  ["Sat, 21 Foo 2026 10:00:00 GMT", null],
];

const timespans: [string, string | null][] = [
  ["1d", "1.00:00:00"],
  ["2h", "02:00:00"],
  ["30m", "00:30:00"],
  ["10s", "00:00:10"],
  ["100ms", "00:00:00.1000000"],
  ["1.5h", "01:30:00"],
  ["0.5d", "12:00:00"],
  ["10microseconds", "00:00:00.0000100"],
  ["3ticks", "00:00:00.0000003"],
  ["2days", "2.00:00:00"],
  ["-5m", "-00:05:00"],
  ["3.04:05:06.789", "3.04:05:06.7890000"],
  ["04:05:06", "04:05:06"],
  ["04:05", "04:05:00"],
  ["-00:10:00", "-00:10:00"],
  ["00:00:00.0000001", "00:00:00.0000001"],
  ["7", "7.00:00:00"],
  ["25:00:00", null],
  ["1x", null],
  ["", null],
  ["abc", null],
];

describe("parseDatetime / formatDatetime", () => {
  for (const [text, expected] of datetimes) {
    test(`'${text}'`, () => {
      const v = parseDatetime(text);
      assert.equal(v === null ? null : formatDatetime(v), expected);
    });
  }
  test("epoch is 2020-01-01 at tick 0", () => {
    assert.equal(parseDatetime("2020-01-01"), 0);
    assert.equal(formatDatetime(0), "2020-01-01T00:00:00.0000000Z");
  });
  test("max datetime prints as 9999-12-31T23:59:59.9999999Z", () => {
    assert.equal(formatDatetime(parseDatetime("9999-12-31 23:59:59.9999999")!), "9999-12-31T23:59:59.9999999Z");
  });
  test("non-finite ticks print as empty", () => {
    assert.equal(formatDatetime(Number.NaN), "");
  });
  test("short form drops a zero fraction", () => {
    assert.equal(formatDatetimeShort(parseDatetime("2024-01-02T03:04:05Z")!), "2024-01-02T03:04:05Z");
    assert.equal(formatDatetimeShort(parseDatetime("2024-01-02T03:04:05.5Z")!), "2024-01-02T03:04:05.5000000Z");
  });
});

describe("parseTimespan / formatTimespan", () => {
  for (const [text, expected] of timespans) {
    test(`'${text}'`, () => {
      const v = parseTimespan(text);
      assert.equal(v === null ? null : formatTimespan(v), expected);
    });
  }
  test("formats", () => {
    assert.equal(formatTimespan(0), "00:00:00");
    assert.equal(formatTimespan(-1), "-00:00:00.0000001");
    assert.equal(formatTimespan(parseTimespan("1.02:03:04.5")!), "1.02:03:04.5000000");
  });
});

describe("tick helpers", () => {
  test("ms round trip", () => {
    const ms = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
    assert.equal(ticksToMs(msToTicks(ms)), ms);
    assert.equal(formatDatetime(msToTicks(ms)), "2024-01-02T03:04:05.6780000Z");
  });
});
