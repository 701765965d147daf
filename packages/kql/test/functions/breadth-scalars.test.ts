/**
 * Scalar functions added for KQL breadth (strings, encodings, dynamic arrays/bags, IPv6, special
 * math, unit conversion, time zones, sketches), through the whole engine. Each family has its
 * ordinary cases, null inputs, and values of the wrong kind at run time (a dynamic that is not an
 * array, text that is not base64, an unknown unit or zone): those yield null/empty, never throw.
 */
import { describe, test } from "node:test";
import { type ExprCase, runExprCases } from "./query-cases.js";

const strings: ExprCase[] = [
  ["replaces all lookups at once", `replace_strings("abc", dynamic(["a","b"]), dynamic(["b","a"]))`, "bac"],
  ["a lookup without a replacement deletes", `replace_strings("abc", dynamic(["a"]), dynamic([]))`, "bc"],
  ["quoted fields", `parse_csv('a,"b,c",d')`, ["a", "b,c", "d"]],
  ["only the first record", `parse_csv("a,b\\nc")`, ["a", "b"]],
  ["version as a decimal", `parse_version("1.2")`, 1.00000002e24, "decimal"],
  ["not a version", `parse_version("x.y")`, null],
  ["empty version", `parse_version("")`, null],
  ["url query decoded", `parse_urlquery("k1=v1&k2=v%202")`, { "Query Parameters": { k1: "v1", k2: "v 2" } }],
  ["empty url query", `parse_urlquery("")`, { "Query Parameters": {} }],
  ["windows path", `parse_path(@"C:\\temp\\file.txt")`, { Scheme: "", RootPath: "C:", DirectoryPath: "C:\\temp", DirectoryName: "temp", Filename: "file.txt", Extension: "txt", AlternateDataStreamName: "" }],
  ["windows command line", `parse_command_line('a "b c" d', "windows")`, ["a", "b c", "d"]],
  ["tohex", "tohex(256)", "100"],
  ["tohex two's complement", "tohex(-1)", "ffffffffffffffff"],
  ["tohex padded", "tohex(255, 4)", "00ff"],
  ["tohex null", "tohex(long(null))", ""],
  ["isascii", `isascii("abc")`, true],
  ["isascii non-ascii", `isascii("ä")`, false],
  ["isutf8", `isutf8("ä")`, true],
  ["format_bytes", "format_bytes(1024)", "1 KB"],
  ["format_bytes precision", "format_bytes(1536, 1)", "1.5 KB"],
  ["format_bytes fixed unit", `format_bytes(1073741824, 2, "MB")`, "1024.00 MB"],
  ["format_bytes zero", "format_bytes(0)", "0 Bytes"],
  ["format_bytes null", "format_bytes(long(null))", ""],
  ["punycode encode", `punycode_from_string("müller")`, "mller-kva"],
  ["punycode decode", `punycode_to_string("mller-kva")`, "müller"],
  ["punycode invalid", `punycode_to_string("!!")`, ""],
  ["punycode domain encode", `punycode_domain_from_string("müller.de")`, "xn--mller-kva.de"],
  ["punycode domain decode", `punycode_domain_to_string("xn--mller-kva.de")`, "müller.de"],
  ["reverse", `reverse("abc")`, "cba"],
  ["reverse of a number's text", "reverse(123)", "321"],
  ["regex_quote", `regex_quote("a.b*c")`, "a\\.b\\*c"],
  ["indexof_regex from a start", `indexof_regex("abcabc", "b+c", 2)`, 4],
  ["indexof_regex no match", `indexof_regex("abc", "z")`, -1],
];

const encodings: ExprCase[] = [
  ["bytes to base64", "base64_encode_fromarray(dynamic([75, 117, 115]))", "S3Vz"],
  ["a value that is not a byte", "base64_encode_fromarray(dynamic([300]))", ""],
  ["not an array", `base64_encode_fromarray(parse_json('"x"'))`, ""],
  ["base64 to bytes", `base64_decode_toarray("S3VzdG8=")`, [75, 117, 115, 116, 111]],
  ["invalid base64", `base64_decode_toarray("not base64!")`, null],
  ["guid in .NET byte order", "base64_encode_fromguid(guid(74be27de-1e4e-49d9-b579-fe0b331d3642))", "3ie+dE4e2Um1ef4LMx02Qg=="],
  ["base64 to guid", `base64_decode_toguid("3ie+dE4e2Um1ef4LMx02Qg==")`, "74be27de-1e4e-49d9-b579-fe0b331d3642"],
  ["too few bytes for a guid", `base64_decode_toguid("abc")`, null],
  ["zlib round trip", `zlib_decompress_from_base64_string(zlib_compress_to_base64_string("hello"))`, "hello"],
  ["gzip round trip", `gzip_decompress_from_base64_string(gzip_compress_to_base64_string("hello"))`, "hello"],
  ["zlib invalid input", `zlib_decompress_from_base64_string("!!")`, ""],
  ["gzip empty input", `gzip_decompress_from_base64_string("")`, ""],
];

const dynamics: ExprCase[] = [
  ["split at one index", "array_split(dynamic([1,2,3,4]), 2)", [[1, 2], [3, 4]]],
  ["split at several", "array_split(dynamic([1,2,3,4]), dynamic([1,3]))", [[1], [2, 3], [4]]],
  ["split a bag", `array_split(parse_json('{"a":1}'), 1)`, null],
  ["shift left fills null", "array_shift_left(dynamic([1,2,3]), 1)", [2, 3, null]],
  ["shift left with a fill value", "array_shift_left(dynamic([1,2,3]), 1, -1)", [2, 3, -1]],
  ["shift right", "array_shift_right(dynamic([1,2,3]), 1)", [null, 1, 2]],
  ["shift a string", `array_shift_left(parse_json('"x"'), 1)`, null],
  ["rotate left", "array_rotate_left(dynamic([1,2,3]), 1)", [2, 3, 1]],
  ["rotate right past the length", "array_rotate_right(dynamic([1,2,3]), 4)", [3, 1, 2]],
  ["rotate empty", "array_rotate_left(dynamic([]), 1)", []],
  ["rotate a number", `array_rotate_left(parse_json('5'), 1)`, null],
  ["strcat", `array_strcat(dynamic(["a", 1, "c"]), "-")`, "a-1-c"],
  ["strcat empty", `array_strcat(dynamic([]), "-")`, ""],
  ["strcat a bag", `array_strcat(parse_json('{"a":1}'), ",")`, ""],
  ["zip pads with null", `bag_zip(dynamic(["a","b"]), dynamic([1]))`, { a: 1, b: null }],
  ["zip a number", `bag_zip(parse_json('1'), dynamic([1]))`, null],
  ["set a root key with a dot", `bag_set_key(dynamic({"a":1}), "b.c", 2)`, { a: 1, "b.c": 2 }],
  ["set a key to null", `bag_set_key(dynamic({"a":1}), "a", dynamic(null))`, { a: null }],
  ["set a key on an array", `bag_set_key(parse_json('[1]'), "a", 1)`, null],
  ["set_equals ignores order and duplicates", "set_equals(dynamic([1,2,2]), dynamic([2,1]))", true],
  ["set_equals is type-strict", `set_equals(dynamic([1]), dynamic(["1"]))`, false],
  ["set_equals on a scalar", `set_equals(parse_json('1'), dynamic([1]))`, null],
  ["dynamic_to_json sorts keys", `dynamic_to_json(dynamic({"b":1,"a":[2,{"d":1,"c":2}]}))`, `{"a":[2,{"c":2,"d":1}],"b":1}`],
  ["treepath", `treepath(dynamic({"a":{"b":[1]}}))`, ["$.a", "$.a.b", "$.a.b[0]"]],
  ["treepath of a scalar", `treepath(parse_json('1'))`, []],
  ["has_any_index", `has_any_index("this is an example", dynamic(['this', 'example']))`, 0],
  ["has_any_index no terms", `has_any_index("abc", dynamic([]))`, -1],
  ["has_any_index terms not an array", `has_any_index("abc", parse_json('"a"'))`, null],
];

const ipv6: ExprCase[] = [
  ["v4-mapped equals v4", "ipv6_compare('::ffff:7f00:1', '127.0.0.1')", 0],
  ["compare under a prefix", "ipv6_compare('fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', 127)", 0],
  ["not an address", "ipv6_compare('not ip', '::1')", null],
  ["match v4-mapped", "ipv6_is_match('::ffff:7f00:1', '127.0.0.1')", true],
  ["match with a CIDR suffix", "ipv6_is_match('fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7995')", true],
  ["match an invalid address", "ipv6_is_match('::1', 'nope')", null],
];

const maths: ExprCase[] = [
  ["beta_cdf (page example)", "beta_cdf(0.9, 10.0, 20.0)", 0.999999999999959],
  ["beta_cdf x > 1 is NaN", "beta_cdf(1.5, 10.0, 20.0)", Number.NaN],
  ["beta_cdf alpha < 0 is NaN", "beta_cdf(0.5, -1.0, 1.0)", Number.NaN],
  ["beta_pdf (page example)", "beta_pdf(0.5, 10.0, 20.0)", 0.746176019310951],
  ["beta_pdf x < 0 is NaN", "beta_pdf(-1.0, 10.0, 50.0)", Number.NaN],
  ["beta_inv (page example)", "beta_inv(0.1, 10.0, 20.0)", 0.226415022388749],
  ["beta_inv p > 1 is null (page example)", "beta_inv(1.5, 10.0, 20.0)", null],
  ["beta null argument", "beta_cdf(real(null), 1.0, 1.0)", null],
  ["around: inside the range", "around(1.5, 1, 0.5)", true],
  ["around: outside", "around(2, 1, 0.5)", false],
  ["around: null value", "around(int(null), 1, 1)", null],
  ["around datetimes", "around(datetime(2021-01-01 01:29), datetime(2021-01-01 01:30), 1min)", true],
  ["length", `convert_length(1.2, "meter", "foot")`, 3.937007874015748],
  ["unknown unit", `convert_length(1.2, "meter", "nosuchunit")`, null],
  ["null value", `convert_length(real(null), "meter", "foot")`, null],
  ["temperature is affine", `convert_temperature(100, "DegreeCelsius", "DegreeFahrenheit")`, 212],
  ["speed", `convert_speed(1, "MeterPerSecond", "KilometerPerHour")`, 3.6],
  ["mass", `convert_mass(1, "Kilogram", "Pound")`, 2.2046226218487757],
  ["angle", `convert_angle(180, "Degree", "Radian")`, Math.PI],
  ["volume", `convert_volume(1, "Liter", "Milliliter")`, 1000],
];

const zones: ExprCase[] = [
  ["utc to local in summer time", `datetime_utc_to_local(datetime(2020-06-01 12:00), "Europe/Berlin")`, "2020-06-01T14:00:00.0000000Z"],
  ["local to utc", `datetime_local_to_utc(datetime(2020-06-01 14:00), "Europe/Berlin")`, "2020-06-01T12:00:00.0000000Z"],
  ["unknown zone", `datetime_utc_to_local(datetime(2020-06-01 12:00), "No/Such_Zone")`, null],
  ["null datetime", `datetime_utc_to_local(datetime(null), "Europe/Berlin")`, null],
  ["the zone list is IANA's", "array_length(datetime_list_timezones()) > 100", true],
];

const sketches: ExprCase[] = [
  ["dcount_hll of a non-sketch", `dcount_hll(parse_json('"junk"'))`, 0],
  ["percentile_tdigest of a non-sketch", `percentile_tdigest(parse_json('{"x":1}'), 50)`, null],
  ["percentile_tdigest of null", "percentile_tdigest(dynamic(null), 50)", null],
];

// Values near a unit's precision print rounded in the docs; `close` compares reals with 1e-9.
describe("strings", () => runExprCases(test, strings));
describe("encodings", () => runExprCases(test, encodings));
describe("dynamic arrays and bags", () => runExprCases(test, dynamics));
describe("ipv6", () => runExprCases(test, ipv6));
describe("special math and units", () => runExprCases(test, maths));
describe("time zones", () => runExprCases(test, zones));
describe("sketch functions", () => runExprCases(test, sketches));
