/**
 * Writes plain values as YAML the way the Azure-Sentinel repository lays rules out, with the
 * `yaml` package: two-space indentation, sequences indented under their key, multi-line strings
 * (the query) as literal block scalars, other strings plain when that reads back as the same
 * string and single-quoted otherwise, lines never folded. `parseYaml(stringifyYaml(v))` gives
 * back `v` (the writer's tests check it).
 *
 * @example
 * stringifyYaml({ name: "A: b", tactics: ["Persistence"] }); // "name: 'A: b'\ntactics:\n  - Persistence\n"
 */
import { stringify } from "yaml";

type Plain = null | boolean | number | string | readonly Plain[] | { readonly [k: string]: Plain | undefined };

/** The value as a YAML document (a mapping at the top, as rule files are), ending with a newline. */
export function stringifyYaml(value: Plain): string {
  return stringify(value, {
    version: "1.2",
    schema: "core",
    indent: 2,
    indentSeq: true,
    lineWidth: 0,
    blockQuote: "literal",
    defaultStringType: "PLAIN",
    defaultKeyType: "PLAIN",
    singleQuote: true,
    nullStr: "null",
    // A value met twice (a shared list) is written twice, never as an anchor and an alias.
    aliasDuplicateObjects: false,
  });
}

export type { Plain as YamlPlain };
