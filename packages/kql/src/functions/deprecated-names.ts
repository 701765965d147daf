/**
 * Names Kusto still accepts for functions, aggregates and operators that were renamed (Kusto.Language
 * marks them obsolete): each is its successor, so the planner canonicalises the name and every later
 * stage sees one function.
 */
export const DEPRECATED_NAMES: Readonly<Record<string, string>> = {
  arraylength: "array_length",
  array_iif: "array_iff",
  columnifexists: "column_ifexists",
  datepart: "datetime_part",
  extentid: "extent_id",
  extractall: "extract_all",
  make_string: "unicode_codepoints_to_string",
  notempty: "isnotempty",
  notnull: "isnotnull",
  parseurl: "parse_url",
  parseurlquery: "parse_urlquery",
  to_utf8: "unicode_codepoints_from_string",
  totime: "totimespan",
  weekofyear: "week_of_year",
  row_rank: "row_rank_dense",
  // Aggregates.
  argmax: "arg_max",
  argmin: "arg_min",
  make_dictionary: "make_bag",
  // Operators (their Kusto spelling, as the planner names operator calls).
  containscs: "contains_cs",
};

/** The current name of a function or operator (lower-case), or the name itself. */
export function currentName(name: string): string {
  return DEPRECATED_NAMES[name] ?? name;
}
