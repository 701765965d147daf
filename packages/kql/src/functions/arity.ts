/**
 * Argument counts of every function, checked once at bind time. Kusto.Language rejects a call
 * with the wrong number of arguments before widar plans it, so this is a guard for the
 * contract (a kernel may index its arguments without checking) that turns a planner bug into a
 * query error instead of a crash. Spec: `name:n` exactly n, `name:m-n` m to n, `name:m+` at least m.
 */
import { KqlError } from "../diagnostics.js";
import type { AggregateFunction, ScalarFunction } from "./registry-types.js";

const SCALAR_SPEC = `
+:2 -:2 *:2 /:2 %:2 negate:1 ==:2 !=:2 <:2 <=:2 >:2 >=:2 =~:2 !~:2 between:3 !between:3 and:2 or:2 not:1
in:1+ !in:1+ in~:1+ !in~:1+ has_any:1+ has_all:1+
matches_regex:2 !matches_regex:2 extract:3-4 extract_all:2-3 replace_regex:3 replace:3 countof:2-3 trim:2 trim_start:2 trim_end:2
strlen:1 string_size:1 tolower:1 toupper:1 strcat:1+ strcat_delim:2+ substring:2-3 indexof:2-5 replace_string:3 split:2-3
strrep:2-3 reverse:1 strcmp:2 translate:3 url_encode:1 url_encode_component:1 url_decode:1 parse_url:1
base64_encode_tostring:1 base64_encodestring:1 base64_decode_tostring:1 base64_decodestring:1
unicode_codepoints_from_string:1 unicode_codepoints_to_string:1+
tostring:1 toint:1 tolong:1 toreal:1 todouble:1 todecimal:1 tobool:1 toboolean:1 todatetime:1 totimespan:1 toguid:1
todynamic:1 toobject:1 parse_json:1 parsejson:1 gettype:1 isnan:1 isinf:1 isfinite:1
case:1+ iff:3 iif:3 coalesce:1+ max_of:1+ min_of:1+ isnull:1 isnotnull:1 isempty:1 isnotempty:1 isnotnullorempty:1
now:0-1 ago:1 datetime_diff:3 datetime_add:3 datetime_part:2 getyear:1 getmonth:1 monthofyear:1 dayofmonth:1
dayofyear:1 hourofday:1 week_of_year:1 dayofweek:1 startofday:1-2 endofday:1-2 startofweek:1-2 endofweek:1-2
startofmonth:1-2 endofmonth:1-2 startofyear:1-2 endofyear:1-2 make_datetime:3-7 make_timespan:2-4
unixtime_seconds_todatetime:1 unixtime_milliseconds_todatetime:1 unixtime_microseconds_todatetime:1
unixtime_nanoseconds_todatetime:1 format_datetime:2 format_timespan:2
abs:1 round:1-2 ceiling:1 sqrt:1 pow:2 exp:1 exp2:1 exp10:1 log:1 log2:1 log10:1 log1p:1 sign:1 sin:1 cos:1 tan:1
asin:1 acos:1 atan:1 atan2:2 cot:1 degrees:1 radians:1 pi:0 bin:2 floor:2 bin_at:3 rand:0-1
binary_and:2 binary_or:2 binary_xor:2 binary_not:1 binary_shift_left:2 binary_shift_right:2 bitset_count_ones:1
array_length:1 pack_array:0+ pack:0+ bag_pack:0+ pack_dictionary:0+ bag_keys:1 bag_has_key:2 bag_merge:1+
bag_remove_keys:2 array_concat:1+ set_has_element:2 array_index_of:2-5 strcat_array:2 array_slice:3 array_reverse:1
array_sort_asc:1-2 array_sort_desc:1-2 array_sum:1 set_union:1+ set_intersect:1+ set_difference:1+ jaccard_index:2
zip:1+ repeat:2 range:2-3 extract_json:2-3 extractjson:2-3
parse_ipv4:1 parse_ipv4_mask:2 ipv4_compare:2-3 ipv4_is_match:2-3 ipv4_is_in_range:2 ipv4_is_in_any_range:2+
ipv4_is_private:1 ipv4_netmask_suffix:1 format_ipv4:1-2 format_ipv4_mask:1-2 has_ipv4:2 has_ipv4_prefix:2
hash:1-2 hash_xxhash64:1-2 hash_sha256:1 hash_sha1:1 hash_md5:1 new_guid:0
`;

const AGGREGATE_SPEC = `
count:0-1 countif:1 sum:1 sumif:2 avg:1 avgif:2 max:1 min:1 maxif:2 minif:2 take_any:1+ any:1+ take_anyif:2 anyif:2
stdev:1 stdevp:1 stdevif:2 variance:1 variancep:1 varianceif:2 percentile:2 dcount:1-2 dcountif:2-3
count_distinct:1 count_distinctif:2 make_set:1-2 makeset:1-2 make_set_if:2-3 make_list:1-2 makelist:1-2
make_list_if:2-3 make_list_with_nulls:1 make_bag:1-2 make_bag_if:2-3
`;

type Range = readonly [number, number];

function parseSpec(spec: string): Map<string, Range> {
  const m = new Map<string, Range>();
  for (const item of spec.split(/\s+/)) {
    if (item === "") continue;
    const i = item.lastIndexOf(":");
    // `matches_regex` stands for the two-word operator name `matches regex`.
    const name = item.slice(0, i).replace("matches_regex", "matches regex");
    const r = item.slice(i + 1);
    const [lo, hi] = r.endsWith("+") ? [Number(r.slice(0, -1)), Number.POSITIVE_INFINITY] : r.includes("-") ? r.split("-").map(Number) : [Number(r), Number(r)];
    m.set(name, [lo!, hi!]);
  }
  return m;
}

const SCALAR_ARITY = parseSpec(SCALAR_SPEC);
// The string operators: has, hasprefix, hassuffix, contains, startswith, endswith × (_cs) × (!).
for (const base of ["has", "hasprefix", "hassuffix", "contains", "startswith", "endswith"])
  for (const name of [base, `${base}_cs`]) for (const n of [name, `!${name}`]) SCALAR_ARITY.set(n, [2, 2]);
const AGGREGATE_ARITY = parseSpec(AGGREGATE_SPEC);

function check(name: string, n: number, r: Range | undefined): void {
  if (r === undefined || (n >= r[0] && n <= r[1])) return;
  const want = r[0] === r[1] ? `${r[0]}` : r[1] === Number.POSITIVE_INFINITY ? `at least ${r[0]}` : `${r[0]} to ${r[1]}`;
  throw new KqlError("WQ002", `runtime error in ${name}: expected ${want} argument(s), got ${n}`);
}

/** The function with its argument count checked when bound. */
export function withScalarArity(f: ScalarFunction): ScalarFunction {
  const r = SCALAR_ARITY.get(f.name);
  return {
    name: f.name,
    family: f.family,
    bind: (site) => {
      check(f.name, site.argTypes.length, r);
      return f.bind(site);
    },
  };
}

export function withAggregateArity(f: AggregateFunction): AggregateFunction {
  const r = AGGREGATE_ARITY.get(f.name);
  return {
    name: f.name,
    family: f.family,
    bind: (site) => {
      check(f.name, site.argTypes.length, r);
      return f.bind(site);
    },
  };
}

/** The [min, max] argument count of a function, or undefined when it has no entry. */
export function arityOf(kind: "scalar" | "aggregate", name: string): Range | undefined {
  return (kind === "scalar" ? SCALAR_ARITY : AGGREGATE_ARITY).get(name);
}
