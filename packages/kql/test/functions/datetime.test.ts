/** Datetime functions, table-driven (NOW = 2026-11-21T12:00:00Z). */
import { describe, test } from "node:test";
import { type Case, NOW, dt, runCases, ts } from "./helpers.js";

const DD = ["string", "datetime", "datetime"] as const;

const diff: Case[] = [
  // The Kusto docs' examples for datetime_diff.
  ["year", "datetime_diff", DD, "long", ["year", dt("2017-01-01"), dt("2000-12-31")], 17],
  ["quarter", "datetime_diff", DD, "long", ["quarter", dt("2017-07-01"), dt("2017-03-30")], 2],
  ["month", "datetime_diff", DD, "long", ["month", dt("2017-01-01"), dt("2015-12-30")], 13],
  ["week", "datetime_diff", DD, "long", ["week", dt("2017-10-29 00:00"), dt("2017-09-30 23:59")], 5],
  ["day", "datetime_diff", DD, "long", ["day", dt("2017-10-29 00:00"), dt("2017-09-30 23:59")], 29],
  ["hour", "datetime_diff", DD, "long", ["hour", dt("2017-10-31 01:00"), dt("2017-10-30 23:59")], 2],
  ["minute", "datetime_diff", DD, "long", ["minute", dt("2017-10-30 23:05:01"), dt("2017-10-30 23:00:59")], 5],
  ["second", "datetime_diff", DD, "long", ["second", dt("2017-10-30 23:00:10.100"), dt("2017-10-30 23:00:00.900")], 10],
  ["millisecond", "datetime_diff", DD, "long", ["millisecond", dt("2017-10-30 23:00:00.200100"), dt("2017-10-30 23:00:00.100900")], 100],
  ["microsecond", "datetime_diff", DD, "long", ["microsecond", dt("2017-10-30 23:00:00.1009001"), dt("2017-10-30 23:00:00.1008009")], 100],
  ["nanosecond", "datetime_diff", DD, "long", ["nanosecond", dt("2017-10-30 23:00:00.0000000"), dt("2017-10-30 23:00:00.0000007")], -700],
  ["negative minutes", "datetime_diff", DD, "long", ["minute", dt("2024-01-01 00:00"), dt("2024-01-01 00:10")], -10],
  ["part is case-insensitive", "datetime_diff", DD, "long", ["Minute", dt("2024-01-01 00:10"), dt("2024-01-01 00:00")], 10],
  ["bad part is null", "datetime_diff", DD, "long", ["fortnight", dt("2024-01-01"), dt("2024-01-01")], null],
  ["null datetime is null", "datetime_diff", DD, "long", ["day", null, dt("2024-01-01")], null],
  ["before 2020 epoch", "datetime_diff", DD, "long", ["day", dt("1999-12-31 23:00"), dt("1999-12-30 01:00")], 1],
];

const add: Case[] = [
  ["month", "datetime_add", ["string", "long", "datetime"], "datetime", ["month", 1, dt("2017-10-30 01:02:03")], dt("2017-11-30 01:02:03")],
  ["month clamps the day", "datetime_add", ["string", "long", "datetime"], "datetime", ["month", 1, dt("2024-01-31")], dt("2024-02-29")],
  ["year from leap day", "datetime_add", ["string", "long", "datetime"], "datetime", ["year", 1, dt("2024-02-29")], dt("2025-02-28")],
  ["quarter", "datetime_add", ["string", "long", "datetime"], "datetime", ["quarter", -1, dt("2024-01-15")], dt("2023-10-15")],
  ["week", "datetime_add", ["string", "long", "datetime"], "datetime", ["week", 2, dt("2024-01-01")], dt("2024-01-15")],
  ["hour", "datetime_add", ["string", "long", "datetime"], "datetime", ["hour", -3, dt("2024-01-01")], dt("2023-12-31 21:00")],
  ["millisecond", "datetime_add", ["string", "long", "datetime"], "datetime", ["millisecond", 5, dt("2024-01-01")], dt("2024-01-01 00:00:00.005")],
  ["null amount", "datetime_add", ["string", "long", "datetime"], "datetime", ["day", null, dt("2024-01-01")], null],
];

const D = ["datetime"] as const;

const parts: Case[] = [
  ["now", "now", [], "datetime", [], NOW],
  ["now with offset", "now", ["timespan"], "datetime", [ts("-1d")], NOW - ts("1d")],
  ["ago", "ago", ["timespan"], "datetime", [ts("30m")], NOW - ts("30m")],
  ["ago null", "ago", ["timespan"], "datetime", [null], null],
  ["ago of a dynamic text", "ago", ["dynamic"], "datetime", ["1h"], NOW - ts("1h")],
  ["dayofweek Sunday", "dayofweek", D, "timespan", [dt("2017-10-29")], 0],
  ["dayofweek Saturday", "dayofweek", D, "timespan", [dt("2017-10-28")], ts("6d")],
  ["dayofweek before 1970", "dayofweek", D, "timespan", [dt("1969-12-31")], ts("3d")],
  ["hourofday", "hourofday", D, "int", [dt("2024-01-01 13:45")], 13],
  ["getyear", "getyear", D, "int", [dt("2024-05-06")], 2024],
  ["getmonth", "getmonth", D, "int", [dt("2024-05-06")], 5],
  ["dayofmonth", "dayofmonth", D, "int", [dt("2024-05-06")], 6],
  ["dayofyear", "dayofyear", D, "int", [dt("2024-12-31")], 366],
  ["week_of_year ISO", "week_of_year", D, "int", [dt("2021-01-01")], 53],
  ["week_of_year mid-year", "week_of_year", D, "int", [dt("2024-07-01")], 27],
  ["datetime_part", "datetime_part", ["string", "datetime"], "int", ["Minute", dt("2024-01-01 10:42")], 42],
  ["datetime_part quarter", "datetime_part", ["string", "datetime"], "int", ["quarter", dt("2024-08-01")], 3],
  ["startofday", "startofday", D, "datetime", [dt("2024-01-01 13:45")], dt("2024-01-01")],
  ["startofday offset", "startofday", ["datetime", "long"], "datetime", [dt("2024-01-01 13:45"), -1], dt("2023-12-31")],
  ["startofweek is Sunday", "startofweek", D, "datetime", [dt("2024-01-03")], dt("2023-12-31")],
  ["startofmonth", "startofmonth", D, "datetime", [dt("2024-03-15 10:00")], dt("2024-03-01")],
  ["startofmonth offset", "startofmonth", ["datetime", "long"], "datetime", [dt("2024-03-15"), 10], dt("2025-01-01")],
  ["startofyear", "startofyear", D, "datetime", [dt("2024-03-15")], dt("2024-01-01")],
  ["endofday", "endofday", D, "datetime", [dt("2024-01-01 13:45")], dt("2024-01-01 23:59:59.9999999")],
  ["endofmonth", "endofmonth", D, "datetime", [dt("2024-02-10")], dt("2024-02-29 23:59:59.9999999")],
  ["startofday null", "startofday", D, "datetime", [null], null],
  ["make_datetime", "make_datetime", ["long", "long", "long", "long", "long", "real"], "datetime", [2024, 1, 2, 3, 4, 5.5], dt("2024-01-02 03:04:05.5")],
  ["make_datetime invalid", "make_datetime", ["long", "long", "long"], "datetime", [2024, 2, 30], null],
  ["make_timespan", "make_timespan", ["long", "long", "long"], "timespan", [1, 30, 0], ts("1.5h")],
  ["unixtime seconds", "unixtime_seconds_todatetime", ["long"], "datetime", [1546300800], dt("2019-01-01")],
  ["unixtime ms", "unixtime_milliseconds_todatetime", ["long"], "datetime", [1546300800123], dt("2019-01-01 00:00:00.123")],
  ["format_datetime", "format_datetime", ["datetime", "string"], "string", [dt("2017-01-29 09:00:05.123"), "yy-MM-dd [HH:mm:ss.fff]"], "17-01-29 [09:00:05.123]"],
  ["format_datetime 12h", "format_datetime", ["datetime", "string"], "string", [dt("2017-01-29 21:00:05"), "yyyy/M/d h:mm tt"], "2017/1/29 9:00 PM"],
  ["format_datetime F drops zeros and dot", "format_datetime", ["datetime", "string"], "string", [dt("2017-01-29 09:00:05"), "HH:mm:ss.FFF"], "09:00:05"],
  ["format_datetime null", "format_datetime", ["datetime", "string"], "string", [null, "yyyy"], ""],
  ["format_timespan", "format_timespan", ["timespan", "string"], "string", [ts("1.02:03:04.5"), "d.hh:mm:ss.ff"], "1.02:03:04.50"],
  ["format_timespan padded days", "format_timespan", ["timespan", "string"], "string", [ts("2h"), "ddd.h:mm"], "000.2:00"],
];

describe("datetime_diff", () => runCases(test, diff));
describe("datetime_add", () => runCases(test, add));
describe("datetime parts and periods", () => runCases(test, parts));
