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
todynamic:1 toobject:1 parse_json:1 parsejson:1 parse_xml:1 gettype:1 isnan:1 isinf:1 isfinite:1
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
hash:1-2 hash_combine:2+ hash_many:2+ hash_xxhash64:1-2 hash_sha256:1 hash_sha1:1 hash_md5:1 new_guid:0
dcount_hll:1 hll_merge:1+ merge_tdigest:1+ percentile_tdigest:2-3 percentile_array_tdigest:2+ percentrank_tdigest:2
rank_tdigest:2 tdigest_merge:1+ percentiles_array_tdigest:2+
array_iff:3 array_select_dict:3 array_split:2 array_shift_left:2-3 array_shift_right:2-3 array_rotate_left:2
array_rotate_right:2 array_strcat:2 bag_zip:2 bag_set_key:3 set_equals:2 dynamic_to_json:1 treepath:1 has_any_index:2
base64_decode_toarray:1 base64_encode_fromarray:1 base64_decode_toguid:1 base64_encode_fromguid:1
series_abs:1 series_acos:1 series_asin:1 series_atan:1 series_ceiling:1 series_cos:1 series_exp:1 series_floor:1
series_log:1 series_sign:1 series_sin:1 series_tan:1 series_add:2 series_subtract:2 series_multiply:2 series_divide:2
series_pow:2 series_equals:2 series_not_equals:2 series_greater:2 series_greater_equals:2 series_less:2
series_less_equals:2 series_sum:1 series_product:1 series_magnitude:1 series_dot_product:2 series_cosine_similarity:2
series_pearson_correlation:2 series_fill_const:1-3 series_fill_forward:1-2 series_fill_backward:1-2
series_fill_linear:1-4 series_fir:2-4 series_iir:3 series_stats:1-2 series_stats_dynamic:1-2 series_fit_line:1
series_fit_line_dynamic:1 series_fft:1-2 series_ifft:1-2 around:3
series_outliers:1-5 series_periods_detect:4 series_decompose:1-5 series_decompose_forecast:2-5
series_decompose_anomalies:1-7 series_fit_2lines:1 series_fit_2lines_dynamic:1
zlib_compress_to_base64_string:1 gzip_compress_to_base64_string:1 zlib_decompress_from_base64_string:1
gzip_decompress_from_base64_string:1 parse_ipv6:1 parse_ipv6_mask:2 ipv6_compare:2-3 ipv6_is_match:2-3
ipv6_is_in_range:2 ipv6_is_in_any_range:2+ has_any_ipv4:2+ has_any_ipv4_prefix:2+ ipv4_range_to_cidr_list:2
gamma:1 loggamma:1 erf:1 erfc:1 beta_cdf:3 beta_pdf:3 beta_inv:3 welch_test:6 assert:2 current_database:0
current_cluster_endpoint:0 current_principal:0 current_principal_details:0 current_principal_is_member_of:1+
ingestion_time:0 extent_id:0 extent_tags:0 estimate_data_size:1+ replace_strings:3 parse_csv:1 parse_version:1
parse_urlquery:1 parse_path:1 parse_command_line:2 tohex:1-2 isascii:1 isutf8:1 format_bytes:1-4
punycode_from_string:1 punycode_to_string:1 punycode_domain_from_string:1 punycode_domain_to_string:1
datetime_utc_to_local:2 datetime_local_to_utc:2 datetime_list_timezones:0 convert_angle:3 convert_energy:3
convert_force:3 convert_length:3 convert_mass:3 convert_speed:3 convert_volume:3 convert_temperature:3
regex_quote:1 indexof_regex:2-5 __bag_drop_empty:2
`;

const GEO_SPEC = `
geo_distance_2points:4 geo_distance_point_to_line:3 geo_distance_point_to_polygon:3 geo_point_in_circle:5
geo_point_in_polygon:3 geo_azimuth:4 geo_angle:6 geo_closest_point_on_line:3 geo_closest_point_on_polygon:3
geo_from_wkt:1 geo_line_length:1 geo_line_centroid:1 geo_line_interpolate_point:2 geo_line_locate_point:3
geo_line_densify:1-3 geo_line_simplify:1-2 geo_polygon_area:1 geo_polygon_perimeter:1 geo_polygon_centroid:1
geo_polygon_densify:1-3 geo_polygon_simplify:1-2 geo_simplify_polygons_array:1-2 geo_point_to_geohash:2-3
geo_geohash_to_central_point:1 geo_geohash_to_polygon:1 geo_geohash_neighbors:1 geo_point_to_s2cell:2-3
geo_s2cell_to_central_point:1 geo_s2cell_to_polygon:1 geo_s2cell_neighbors:1 geo_point_to_h3cell:2-3
geo_h3cell_to_central_point:1 geo_h3cell_to_polygon:1 geo_h3cell_neighbors:1 geo_h3cell_level:1
geo_h3cell_children:1-2 geo_h3cell_parent:1-2 geo_h3cell_rings:2 geo_polygon_to_h3cells:1-3
geo_union_polygons_array:1 geo_intersects_2polygons:2 geo_intersection_2polygons:2 geo_intersects_2lines:2
geo_intersection_2lines:2 geo_intersects_line_with_polygon:2 geo_intersection_line_with_polygon:2
geo_union_lines_array:1 geo_point_buffer:3-4 geo_line_buffer:2-3 geo_polygon_buffer:2-3 geo_info_from_ip_address:1
`;

const AGGREGATE_SPEC = `
count:0-1 countif:1 sum:1 sumif:2 avg:1 avgif:2 max:1 min:1 maxif:2 minif:2 take_any:1+ any:1+ take_anyif:2 anyif:2
stdev:1 stdevp:1 stdevif:2 variance:1 variancep:1 varianceif:2 percentile:2 dcount:1-2 dcountif:2-3
count_distinct:1 count_distinctif:2 make_set:1-2 makeset:1-2 make_set_if:2-3 make_list:1-2 makelist:1-2
make_list_if:2-3 make_list_with_nulls:1 make_bag:1-2 make_bag_if:2-3
arg_max:1+ arg_min:1+ percentile:2 percentiles:1+ percentiles_array:2+ percentilew:3 percentilesw:2+
percentilesw_array:3+ tdigest:1-2 tdigest_merge:1 merge_tdigest:1 hll:1-2 hll_if:2-3 hll_merge:1-2
covariance:2 covariancep:2 covarianceif:3 covariancepif:3 binary_all_and:1 binary_all_or:1 binary_all_xor:1
buildschema:1 variancepif:2 stdevpif:2
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

const SCALAR_ARITY = parseSpec(SCALAR_SPEC + GEO_SPEC);
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
