/** Shared by the runtime tests: rules and result tables made in place, and stores that clean up. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { msToTicks, type Schema, Table, type Value } from "@widar/kql";
import type { Rule } from "../../src/rules/rule.js";
import { Store } from "../../src/store/store.js";

export function makeRule(o: Partial<Rule> & { sentinel?: Record<string, unknown> } = {}): Rule {
  return {
    id: "TEST-01",
    title: "Test rule",
    severity: "Medium",
    tactics: ["Persistence"],
    techniques: ["T1098.001"],
    queryFrequencyMs: 3_600_000,
    queryPeriodMs: 3_600_000,
    triggerOperator: "gt",
    triggerThreshold: 0,
    tables: ["AuditLogs"],
    query: "AuditLogs",
    file: "TEST-01.yaml",
    queryOffset: -1,
    kind: "scheduled",
    format: "sentinel-yaml",
    queryLine: 1,
    queryIndent: 0,
    sentinelId: "00000000-0000-0000-0000-000000000001",
    description: "A rule for tests.",
    doc: { severityLogic: [] },
    fieldLines: {},
    ...o,
    sentinel: o.sentinel ?? {},
  };
}

/** A result table; datetime cells may be given as ISO text. */
export function table(schema: Schema, rows: readonly (readonly unknown[])[]): Table {
  return Table.fromRows(
    schema,
    rows.map((r) => schema.map((c, j) => (c.type === "datetime" && typeof r[j] === "string" ? msToTicks(Date.parse(r[j] as string)) : (r[j] as Value)))),
  );
}

/** A store in a fresh temporary directory; `done()` closes and removes it. */
export function tempStore(): { store: Store; dir: string; file: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "widar-store-"));
  const file = join(dir, "widar.db");
  const store = Store.open(file);
  return {
    store,
    dir,
    file,
    done: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const H = 3_600_000;
export const T0 = Date.parse("2026-11-20T10:00:00Z");
