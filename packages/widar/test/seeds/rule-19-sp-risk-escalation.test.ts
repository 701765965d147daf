/**
 * Seed RULE 19 (SP Identity Protection risk escalation), verbatim from ../shared/seeds, one
 * fixture per branch: every severity of its case() ladder, risk events present and absent (the
 * leftouter join and the coalesce to 0 / empty set), the state/level/time filters, and the
 * fuzzy union with its tables absent (the way it runs — never fires — in a real workspace).
 * "now" is 2026-11-21T12:00:00Z, so ago(1h) is 11:00.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Schema } from "@widar/kql";
import { seedQuery } from "../support/paths.js";
import { errors, runFixture, sortArrays } from "../support/run-query.js";

const RULE = seedQuery("rule-19-sp-risk-escalation.txt");
const NOW = "2026-11-21T12:00:00Z";

/** The columns of the rule's own datatable fallbacks. */
const RISKY_SCHEMA: Schema = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "ServicePrincipalId", type: "string" },
  { name: "ServicePrincipalDisplayName", type: "string" },
  { name: "AppId", type: "string" },
  { name: "RiskLevel", type: "string" },
  { name: "RiskState", type: "string" },
  { name: "RiskDetail", type: "string" },
  { name: "RiskLastUpdatedDateTime", type: "datetime" },
];
const EVENTS_SCHEMA: Schema = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "ServicePrincipalId", type: "string" },
  { name: "ServicePrincipalDisplayName", type: "string" },
  { name: "AppId", type: "string" },
  { name: "RiskEventType", type: "string" },
  { name: "RiskLevel", type: "string" },
  { name: "DetectedDateTime", type: "datetime" },
];

function risky(id: string, level: string, state: string, time = "2026-11-21T11:30:00Z") {
  return {
    TimeGenerated: time,
    ServicePrincipalId: id,
    ServicePrincipalDisplayName: `${id}-name`,
    AppId: `${id}-app`,
    RiskLevel: level,
    RiskState: state,
    RiskDetail: "none",
    RiskLastUpdatedDateTime: "2026-11-21T11:29:00Z",
  };
}

function riskEvent(id: string, type: string, detected: string, time = "2026-11-21T11:40:00Z") {
  return {
    TimeGenerated: time,
    ServicePrincipalId: id,
    ServicePrincipalDisplayName: `${id}-name`,
    AppId: `${id}-app`,
    RiskEventType: type,
    RiskLevel: "high",
    DetectedDateTime: detected,
  };
}

async function alerts(
  principals: Record<string, unknown>[],
  events: Record<string, unknown>[],
  declareSchemas = true,
) {
  const r = await runFixture(RULE, {
    tables: { RiskyServicePrincipals: principals, ServicePrincipalRiskEvents: events },
    schemas: declareSchemas ? { RiskyServicePrincipals: RISKY_SCHEMA, ServicePrincipalRiskEvents: EVENTS_SCHEMA } : {},
    now: NOW,
  });
  assert.deepEqual(errors(r.diagnostics), []);
  return sortArrays(r.rows);
}

function row(id: string, level: string, state: string, rest: Record<string, unknown>) {
  return {
    ServicePrincipalDisplayName: `${id}-name`,
    ServicePrincipalId: id,
    AppId: `${id}-app`,
    RiskLevel: level,
    RiskState: state,
    RiskDetail: "none",
    RiskLastUpdatedDateTime: "2026-11-21T11:29:00.0000000Z",
    ...rest,
  };
}

const NO_EVENTS = {
  RiskEventTypes: [],
  RiskEventCount: 0,
  HighSevCount: 0,
  IsThreatIntelMatch: false,
  FirstDetection: null,
  LastDetection: null,
};

describe("seed RULE-19 verbatim", () => {
  test("Critical: confirmedCompromised, no risk events (coalesce to 0 and an empty set)", async () => {
    const rows = await alerts([risky("sp1", "medium", "confirmedCompromised")], []);
    assert.deepEqual(rows, [
      row("sp1", "medium", "confirmedCompromised", {
        ...NO_EVENTS,
        SeverityLevel: "Critical — Identity Protection confirmed SP compromised",
      }),
    ]);
  });

  test("Critical: high risk with a threat-intelligence detection", async () => {
    const rows = await alerts(
      [risky("sp2", "high", "atRisk")],
      [
        riskEvent("sp2", "investigationsThreatIntelligence", "2026-11-21T11:10:00Z"),
        riskEvent("sp2", "leakedCredentials", "2026-11-21T11:20:00Z"),
      ],
    );
    assert.deepEqual(rows, [
      row("sp2", "high", "atRisk", {
        RiskEventTypes: ["investigationsThreatIntelligence", "leakedCredentials"],
        RiskEventCount: 2,
        HighSevCount: 1,
        IsThreatIntelMatch: true,
        SeverityLevel: "Critical — High-risk SP with threat intelligence detection",
        FirstDetection: "2026-11-21T11:10:00.0000000Z",
        LastDetection: "2026-11-21T11:20:00.0000000Z",
      }),
    ]);
  });

  test("High: high risk whose detections are not high-severity types", async () => {
    const rows = await alerts([risky("sp3", "high", "atRisk")], [riskEvent("sp3", "leakedCredentials", "2026-11-21T11:15:00Z")]);
    assert.deepEqual(rows, [
      row("sp3", "high", "atRisk", {
        RiskEventTypes: ["leakedCredentials"],
        RiskEventCount: 1,
        HighSevCount: 0,
        IsThreatIntelMatch: false,
        SeverityLevel: "High — SP elevated to high risk by Identity Protection",
        FirstDetection: "2026-11-21T11:15:00.0000000Z",
        LastDetection: "2026-11-21T11:15:00.0000000Z",
      }),
    ]);
  });

  test("Medium: medium risk, atRisk, risk events absent", async () => {
    const rows = await alerts([risky("sp4", "medium", "atRisk")], [riskEvent("other", "suspiciousAPITraffic", "2026-11-21T11:15:00Z")]);
    assert.deepEqual(rows, [
      row("sp4", "medium", "atRisk", { ...NO_EVENTS, SeverityLevel: "Medium — SP elevated to medium risk by Identity Protection" }),
    ]);
  });

  test("low risk, remediated/dismissed states and records older than an hour are excluded", async () => {
    const rows = await alerts(
      [
        risky("low", "low", "atRisk"),
        risky("fixed", "high", "remediated"),
        risky("dismissed", "high", "dismissed"),
        risky("old", "high", "atRisk", "2026-11-21T10:59:00Z"),
      ],
      [],
    );
    assert.deepEqual(rows, []);
  });

  test("risk events older than an hour are not correlated", async () => {
    const rows = await alerts(
      [risky("sp5", "high", "atRisk")],
      [riskEvent("sp5", "investigationsThreatIntelligence", "2026-11-21T10:00:00Z", "2026-11-21T10:30:00Z")],
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.RiskEventCount, 0);
    assert.equal(rows[0]!.SeverityLevel, "High — SP elevated to high risk by Identity Protection");
  });

  test("schemas inferred from the data (no --schema) give the same result", async () => {
    const rows = await alerts([risky("sp1", "medium", "confirmedCompromised")], [], false);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.SeverityLevel, "Critical — Identity Protection confirmed SP compromised");
  });

  test("union isfuzzy with both tables absent: the KS205 warnings, and zero rows — never fires", async () => {
    const r = await runFixture(RULE, { now: NOW });
    assert.deepEqual(errors(r.diagnostics), []);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.severity]),
      [
        ["KS205", "warning"],
        ["KS205", "warning"],
      ],
    );
    assert.deepEqual(r.rows, []);
    assert.equal(r.columns.length, 14);
  });
});
