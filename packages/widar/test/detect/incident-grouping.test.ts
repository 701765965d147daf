/**
 * Sentinel's incident settings, each matching method and limit in a table: which incident each
 * alert of a sequence lands in.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { deterministicGuid } from "../../src/detect/alert-builder.js";
import { type IncidentSettings, MAX_ALERTS_PER_INCIDENT } from "../../src/detect/alert-settings.js";
import { assignIncident } from "../../src/detect/incident-grouping.js";
import { insertAlert } from "../../src/store/alerts.js";
import { getIncident, listIncidents, updateIncident } from "../../src/store/incidents.js";
import type { Alert, Entity, Severity } from "../../src/store/model.js";
import { H, T0, tempStore } from "./support.js";

const grouped = (o: Partial<IncidentSettings>): IncidentSettings => ({
  createIncident: true,
  groupingEnabled: true,
  lookbackMs: 5 * H,
  matchingMethod: "AllEntities",
  groupByEntities: [],
  groupByAlertDetails: [],
  groupByCustomDetails: [],
  reopenClosedIncident: false,
  ...o,
});

interface A {
  /** Hours after T0. */
  readonly at: number;
  readonly entities?: readonly Entity[];
  readonly name?: string;
  readonly severity?: Severity;
  readonly custom?: Record<string, string[]>;
}

let n = 0;
function alert(a: A): Alert {
  const end = T0 + a.at * H;
  return {
    alertId: deterministicGuid("test", String(n++)),
    ruleId: "TEST-01",
    ruleName: "Test rule",
    source: "local",
    severity: a.severity ?? "Medium",
    displayName: a.name ?? "Something happened",
    description: "d",
    tactics: [],
    techniques: [],
    windowStartMs: end - H,
    windowEndMs: end,
    startTimeMs: end - H,
    endTimeMs: end,
    eventGrouping: "AlertPerResult",
    kind: "result",
    entities: a.entities ?? [],
    customDetails: a.custom ?? {},
    dynamicProperties: {},
    extendedProperties: {},
    rows: [],
    resultCount: 1,
  };
}

/** Runs the alerts through grouping; the incident number each lands in (0: none). */
function incidentsOf(settings: IncidentSettings, alerts: readonly A[], between?: (i: number, db: ReturnType<typeof tempStore>["store"]) => void): number[] {
  const t = tempStore();
  try {
    return alerts.map((a, i) => {
      between?.(i, t.store);
      const x = alert(a);
      t.store.transaction(() => insertAlert(t.store.db, x));
      const r = t.store.transaction(() => assignIncident(t.store.db, x, settings));
      return r === undefined ? 0 : getIncident(t.store.db, r.incidentId)!.incidentNumber;
    });
  } finally {
    t.done();
  }
}

const alice: Entity = { Type: "account", Name: "alice", UPNSuffix: "contoso.com" };
const bob: Entity = { Type: "account", Name: "bob", UPNSuffix: "contoso.com" };
const ip1: Entity = { Type: "ip", Address: "203.0.113.7" };
const ip2: Entity = { Type: "ip", Address: "198.51.100.9" };

describe("incident grouping", () => {
  const cases: { name: string; settings: IncidentSettings; alerts: A[]; incidents: number[] }[] = [
    {
      name: "createIncident false: alerts stay on their own",
      settings: { ...grouped({}), createIncident: false },
      alerts: [{ at: 0 }, { at: 1 }],
      incidents: [0, 0],
    },
    {
      name: "grouping disabled: an incident per alert",
      settings: grouped({ groupingEnabled: false }),
      alerts: [{ at: 0, entities: [alice] }, { at: 1, entities: [alice] }],
      incidents: [1, 2],
    },
    {
      name: "AnyAlert: every alert of the rule within the lookback",
      settings: grouped({ matchingMethod: "AnyAlert" }),
      alerts: [{ at: 0, entities: [alice] }, { at: 1, entities: [bob] }, { at: 5, entities: [ip1] }, { at: 6 }],
      incidents: [1, 1, 1, 2],
    },
    {
      name: "AllEntities: the same entities, all of them",
      settings: grouped({ matchingMethod: "AllEntities" }),
      alerts: [{ at: 0, entities: [alice, ip1] }, { at: 1, entities: [ip1, alice] }, { at: 2, entities: [alice] }, { at: 3, entities: [alice, ip2] }],
      incidents: [1, 1, 2, 3],
    },
    {
      name: "Selected entities: the chosen types only",
      settings: grouped({ matchingMethod: "Selected", groupByEntities: ["Account"] }),
      alerts: [{ at: 0, entities: [alice, ip1] }, { at: 1, entities: [alice, ip2] }, { at: 2, entities: [bob, ip1] }],
      incidents: [1, 1, 2],
    },
    {
      name: "Selected alert details: DisplayName and Severity",
      settings: grouped({ matchingMethod: "Selected", groupByAlertDetails: ["Severity"] }),
      alerts: [{ at: 0, severity: "High", name: "a" }, { at: 1, severity: "High", name: "b" }, { at: 1, severity: "Low", name: "a" }],
      incidents: [1, 1, 2],
    },
    {
      name: "Selected custom details",
      settings: grouped({ matchingMethod: "Selected", groupByCustomDetails: ["App"] }),
      alerts: [{ at: 0, custom: { App: ["x"] } }, { at: 1, custom: { App: ["y"] } }, { at: 2, custom: { App: ["x"] } }],
      incidents: [1, 2, 1],
    },
    {
      name: "Selected with nothing selected: an incident per alert",
      settings: grouped({ matchingMethod: "Selected" }),
      alerts: [{ at: 0 }, { at: 1 }],
      incidents: [1, 2],
    },
    {
      name: "the lookback counts from the incident's first alert",
      settings: grouped({ matchingMethod: "AnyAlert", lookbackMs: 2 * H }),
      alerts: [{ at: 0 }, { at: 2 }, { at: 3 }, { at: 4 }, { at: 5 }],
      incidents: [1, 1, 2, 2, 2],
    },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(incidentsOf(c.settings, c.alerts), c.incidents));

  test(`at most ${MAX_ALERTS_PER_INCIDENT} alerts per incident: the next opens another with the same details`, () => {
    const alerts = Array.from({ length: MAX_ALERTS_PER_INCIDENT + 2 }, () => ({ at: 0 }));
    const got = incidentsOf(grouped({ matchingMethod: "AnyAlert" }), alerts);
    assert.equal(got.filter((x) => x === 1).length, MAX_ALERTS_PER_INCIDENT);
    assert.deepEqual(got.slice(-2), [2, 2]);
  });

  const closeFirst = (i: number, store: ReturnType<typeof tempStore>["store"]) => {
    if (i === 1) updateIncident(store.db, listIncidents(store.db)[0]!.incidentId, { status: "Closed", classification: "FalsePositive" }, "analyst", T0);
  };
  test("a matching closed incident is reopened with reopenClosedIncident", () => {
    assert.deepEqual(incidentsOf(grouped({ matchingMethod: "AnyAlert", reopenClosedIncident: true }), [{ at: 0 }, { at: 1 }], closeFirst), [1, 1]);
  });
  test("and left closed without it: the alert opens a new incident", () => {
    assert.deepEqual(incidentsOf(grouped({ matchingMethod: "AnyAlert" }), [{ at: 0 }, { at: 1 }], closeFirst), [1, 2]);
  });

  test("a reopened incident is Active, its classification cleared, and both versions are kept", () => {
    const t = tempStore();
    try {
      const s = grouped({ matchingMethod: "AnyAlert", reopenClosedIncident: true });
      const a1 = alert({ at: 0 });
      t.store.transaction(() => insertAlert(t.store.db, a1) && assignIncident(t.store.db, a1, s));
      const id = listIncidents(t.store.db)[0]!.incidentId;
      updateIncident(t.store.db, id, { status: "Closed", classification: "BenignPositive", classificationReason: "SuspiciousButExpected" }, "analyst", T0);
      const a2 = alert({ at: 1 });
      t.store.transaction(() => insertAlert(t.store.db, a2) && assignIncident(t.store.db, a2, s));
      const inc = getIncident(t.store.db, id)!;
      assert.equal(inc.status, "Active");
      assert.equal(inc.classification, undefined);
      assert.equal(inc.alertCount, 2);
      const versions = t.store.db.prepare("SELECT count(*) AS n FROM incident_history WHERE incident_id = ?").get(id) as { n: number };
      assert.equal(versions.n, 2);
    } finally {
      t.done();
    }
  });
});
