/**
 * Functions about the query's environment: `assert`, `current_database`,
 * `current_cluster_endpoint`, `current_principal`, `current_principal_details`,
 * `current_principal_is_member_of`, `ingestion_time`, `extent_id`, `extent_tags`,
 * `estimate_data_size`.
 *
 * widar runs offline on files: there is no cluster, principal or extent. The choices: the
 * database is "widar", the endpoint "widar://localhost", the principal "widar" with no group
 * memberships; ingestion_time() and extent_id() are null and extent_tags() empty.
 */
import { KqlError } from "../diagnostics.js";
import type { Value } from "../types.js";
import { boolConv, fixed, scalar, stringConv } from "./define.js";
import type { ScalarFunction } from "./registry-types.js";
import { valueToString } from "./value-text.js";

/** estimate_data_size: bytes of the values as Kusto stores them (8 per fixed-width value, UTF-8 for text). */
function sizeOf(v: Value, t: string): number {
  if (v === null) return 0;
  if (t === "string" || t === "dynamic" || t === "guid") return Buffer.byteLength(valueToString(v, t as never), "utf8");
  return t === "bool" ? 1 : t === "int" ? 4 : t === "guid" ? 16 : 8;
}

export const miscFunctions: readonly ScalarFunction[] = [
  scalar("assert", "conditional", (site) => {
    const c = boolConv(site.argTypes[0] ?? "bool");
    const m = stringConv(site.argTypes[1] ?? "string");
    return (a) => {
      if (c(a[0] ?? null) === true) return true;
      throw new KqlError("WQ007", `assertion failed: ${m(a[1] ?? null)}`);
    };
  }),
  fixed("current_database", "environment", () => "widar"),
  fixed("current_cluster_endpoint", "environment", () => "widar://localhost"),
  fixed("current_principal", "environment", () => "widar"),
  fixed("current_principal_details", "environment", () => ({ Type: "local", DisplayName: "widar", ObjectId: null })),
  fixed("current_principal_is_member_of", "environment", () => false),
  fixed("ingestion_time", "environment", () => null),
  fixed("extent_id", "environment", () => null),
  fixed("extent_tags", "environment", () => []),
  scalar("estimate_data_size", "environment", (site) => (a) => a.reduce<number>((s, v, i) => s + sizeOf(v ?? null, site.argTypes[i] ?? "dynamic"), 0)),
];
