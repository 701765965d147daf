/**
 * Directory churn: `events` makes 9% of its exact total benign churn AuditLogs records,
 * `auditEvents` writes exactly as many as asked (inside `events` when both are given), a run
 * without either has none; the churn is deterministic by seed and draws from its own streams,
 * so every other record of the run is byte for byte what it is without it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { SimulationOptionError, type SimulationResult } from "../../src/simulator/index.js";
import { TABLE_NAMES } from "../../src/simulator/tables.js";
import { readAll, readNdjson, run } from "./helpers.js";

/** Operations only the churn writes (the default activity never does). */
const CHURN_ONLY_OPERATIONS = [
  "Update device",
  "Register device",
  "Add registered owner to device",
  "Remove member from group",
  "Update StsRefreshTokenValidFrom Timestamp",
  "Reset user password",
  "Change user password",
  "Add app role assignment grant to user",
];

const SEED = 9;
const audits = (sim: SimulationResult) => sim.manifest.tables.AuditLogs!.records;

describe("directory churn volume", () => {
  let base: SimulationResult;
  before(async () => {
    base = await run("churn-base", { seed: SEED });
  });

  test("a run without events or auditEvents writes no churn", () => {
    assert.equal(base.manifest.events.directoryChurn, undefined);
    const ops = new Set(readNdjson(base.outDir, "AuditLogs").map((r) => r.OperationName as string));
    for (const op of CHURN_ONLY_OPERATIONS) assert.ok(!ops.has(op), `default output has no "${op}"`);
  });

  for (const events of [4_000, 15_000, 50_000])
    test(`events ${events}: exactly ${events} records, 9% of them churn`, async () => {
      const sim = await run(`churn-events-${events}`, { seed: SEED, events });
      const churn = Math.round(events * 0.09);
      assert.equal(sim.manifest.events.written, events);
      assert.equal(sim.manifest.events.directoryChurn, churn);
      // The scenarios and the default activity write the same AuditLogs records as without events.
      assert.equal(audits(sim) - audits(base), churn);
    });

  for (const [label, options, churn, total] of [
    ["auditEvents alone adds exactly its records", { auditEvents: 1_234 }, 1_234, null],
    ["auditEvents inside events", { events: 20_000, auditEvents: 5_000 }, 5_000, 20_000],
    ["auditEvents 0 with events: none", { events: 6_000, auditEvents: 0 }, 0, 6_000],
  ] as const)
    test(label, async () => {
      const sim = await run(`churn-${churn}-${total}`, { seed: SEED, ...options });
      assert.equal(audits(sim) - audits(base), churn);
      assert.equal(sim.manifest.events.written, total ?? base.manifest.events.written + churn);
      assert.equal(sim.manifest.events.directoryChurn, churn === 0 ? undefined : churn);
    });

  test("quiet writes churn only when auditEvents asks for it", async () => {
    const asked = await run("churn-quiet", { seed: SEED, quiet: true, scenarios: [], auditEvents: 700 });
    assert.equal(asked.manifest.events.written, 700);
    assert.equal(audits(asked), 700);
    const scaled = await run("churn-quiet-events", { seed: SEED, quiet: true, scenarios: [], events: 5_000 });
    assert.equal(scaled.manifest.events.written, 0);
  });

  test("auditEvents above events is an option error", () =>
    assert.rejects(run("churn-too-many", { events: 100, auditEvents: 200 }), (e: Error) => e instanceof SimulationOptionError && /--audit-events 200/.test(e.message)));
});

describe("directory churn determinism", () => {
  test("the same seed twice writes byte-identical files; another seed, other churn", async () => {
    const a = readAll((await run("churn-det-a", { seed: 4, auditEvents: 2_000 })).outDir);
    const b = readAll((await run("churn-det-b", { seed: 4, auditEvents: 2_000 })).outDir);
    for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name)!), `${name} differs between two runs of seed 4`);
    const c = readAll((await run("churn-det-c", { seed: 5, auditEvents: 2_000 })).outDir);
    assert.ok(!a.get("AuditLogs.ndjson")!.equals(c.get("AuditLogs.ndjson")!));
  });

  test("churn leaves every other record as it was, and interleaves in time order", async () => {
    const plain = await run("churn-plain", { seed: 6 });
    const churned = await run("churn-mixed", { seed: 6, auditEvents: 3_000 });
    const before = readAll(plain.outDir);
    const after = readAll(churned.outDir);
    for (const table of TABLE_NAMES.filter((t) => t !== "AuditLogs"))
      assert.ok(before.get(`${table}.ndjson`)!.equals(after.get(`${table}.ndjson`)!), `${table} is unchanged`);
    for (const f of ["tenant.json", "ground-truth.json", "NetworkAllowlist.csv"]) assert.ok(before.get(f)!.equals(after.get(f)!), `${f} is unchanged`);
    // The default AuditLogs lines are all still there, in their order, with the churn between them.
    const lines = readFileSync(join(churned.outDir, "AuditLogs.ndjson"), "utf8").trimEnd().split("\n");
    const kept = new Set(readFileSync(join(plain.outDir, "AuditLogs.ndjson"), "utf8").trimEnd().split("\n"));
    assert.deepEqual(
      lines.filter((l) => kept.has(l)),
      [...kept],
    );
    const times = lines.map((l) => (JSON.parse(l) as { TimeGenerated: string }).TimeGenerated);
    assert.ok(
      times.every((t, i) => i === 0 || times[i - 1]! <= t),
      "AuditLogs is in time order",
    );
  });

  test("the churn follows the working day on the tenant's clock (Seattle, UTC-8)", async () => {
    // 2026-11-19 and -20 are a Thursday and a Friday.
    const sim = await run("churn-rhythm", { seed: 2, quiet: true, scenarios: [], auditEvents: 6_000 });
    const byLocalHour = new Array<number>(24).fill(0);
    for (const r of readNdjson(sim.outDir, "AuditLogs")) byLocalHour[(Number((r.TimeGenerated as string).slice(11, 13)) + 16) % 24]!++;
    const working = byLocalHour.slice(8, 18).reduce((a, b) => a + b, 0) / 10;
    const night = byLocalHour.slice(0, 6).reduce((a, b) => a + b, 0) / 6;
    assert.ok(working > 3 * night, `working hours ${working}/h vs night ${night}/h`);
    assert.ok(night > 0, "automation keeps going at night");
  });
});
