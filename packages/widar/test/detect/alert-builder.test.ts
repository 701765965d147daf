/**
 * Sentinel's alert semantics, case by case: event grouping, the 150-alert cap with its summary
 * alert, detail overrides with placeholders and their fallbacks, severity and tactics columns,
 * entity mapping with Sentinel's identifier names, custom details, deterministic ids.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildAlerts, deterministicGuid, fillFormat } from "../../src/detect/alert-builder.js";
import { readAlertSettings } from "../../src/detect/alert-settings.js";
import { makeRule, T0, table, H } from "./support.js";

const schema = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "Initiator", type: "string" },
  { name: "IPAddress", type: "string" },
  { name: "AppName", type: "string" },
  { name: "Sev", type: "string" },
  { name: "Tac", type: "string" },
  { name: "Count", type: "long" },
] as const;

const rows = [
  ["2026-11-20T09:10:00Z", "alice@contoso.com", "203.0.113.7", "App One", "High", "Persistence, CredentialAccess", 3],
  ["2026-11-20T09:40:00Z", "bob@contoso.com", "", "App Two", "Critical", "NotATactic", 1],
];

const window = { startMs: T0 - H, endMs: T0 };

function build(sentinel: Record<string, unknown>, data: readonly (readonly unknown[])[] = rows) {
  const rule = makeRule({ sentinel });
  const { settings, diagnostics } = readAlertSettings(rule);
  return { ...buildAlerts(rule, settings, "local", window, table(schema, data)), diagnostics };
}

describe("event grouping", () => {
  test("SingleAlert (the default): one alert covering every row", () => {
    const r = build({});
    assert.equal(r.alerts.length, 1);
    assert.equal(r.alerts[0]!.kind, "single");
    assert.equal(r.alerts[0]!.rows.length, 2);
    assert.equal(r.alerts[0]!.eventGrouping, "SingleAlert");
    assert.equal(r.alerts[0]!.startTimeMs, Date.parse("2026-11-20T09:10:00Z"));
    assert.equal(r.alerts[0]!.endTimeMs, Date.parse("2026-11-20T09:40:00Z"));
  });

  test("AlertPerResult: one alert per row", () => {
    const r = build({ eventGroupingSettings: { aggregationKind: "AlertPerResult" } });
    assert.deepEqual(
      r.alerts.map((a) => [a.kind, a.rows.length, a.rows[0]!.Initiator]),
      [
        ["result", 1, "alice@contoso.com"],
        ["result", 1, "bob@contoso.com"],
      ],
    );
  });

  for (const [n, alerts, summaryRows] of [
    [149, 149, 0],
    [150, 150, 0],
    [151, 150, 151],
    [400, 150, 400],
  ] as const)
    test(`AlertPerResult caps a run at 150 alerts: ${n} rows → ${alerts} alerts`, () => {
      const data = Array.from({ length: n }, (_, i) => ["2026-11-20T09:00:00Z", `u${i}@contoso.com`, "", "", "", "", i]);
      const r = build({ eventGroupingSettings: { aggregationKind: "AlertPerResult" } }, data);
      assert.equal(r.alerts.length, alerts);
      const summary = r.alerts.filter((a) => a.kind === "summary");
      assert.equal(summary.length, summaryRows === 0 ? 0 : 1);
      if (summaryRows > 0) {
        // The first 149 rows each make an alert; the 150th summarises the whole result.
        assert.equal(r.alerts.filter((a) => a.kind === "result").length, 149);
        assert.equal(summary[0]!.rows.length, summaryRows);
        assert.equal(r.alerts[149], summary[0]);
      }
      assert.ok(r.alerts.every((a) => a.resultCount === n));
    });
});

describe("alert details override", () => {
  const perResult = { eventGroupingSettings: { aggregationKind: "AlertPerResult" } };
  test("{{Column}} placeholders take the row's values", () => {
    const r = build({
      ...perResult,
      alertDetailsOverride: { alertDisplayNameFormat: "{{Initiator}} changed {{ AppName }} ({{Count}})", alertDescriptionFormat: "From {{IPAddress}}" },
    });
    assert.equal(r.alerts[0]!.displayName, "alice@contoso.com changed App One (3)");
    assert.equal(r.alerts[0]!.description, "From 203.0.113.7");
  });

  test("a placeholder whose value is empty, or whose column is missing, reverts the field to the rule's default", () => {
    const r = build({
      ...perResult,
      alertDetailsOverride: { alertDisplayNameFormat: "{{Initiator}} from {{IPAddress}}", alertDescriptionFormat: "{{NoSuchColumn}}" },
    });
    assert.equal(r.alerts[0]!.displayName, "alice@contoso.com from 203.0.113.7");
    assert.equal(r.alerts[1]!.displayName, "Test rule", "bob's IPAddress is empty");
    assert.equal(r.alerts[0]!.description, "A rule for tests.");
  });

  test("SingleAlert fills its overrides from the first row", () => {
    const r = build({ alertDetailsOverride: { alertDisplayNameFormat: "by {{Initiator}}", alertSeverityColumnName: "Sev" } });
    assert.equal(r.alerts[0]!.displayName, "by alice@contoso.com");
    assert.equal(r.alerts[0]!.severity, "High");
  });

  test("the severity column: a valid severity (any case) overrides, anything else keeps the rule's", () => {
    const r = build({ ...perResult, alertDetailsOverride: { alertSeverityColumnName: "Sev" } });
    assert.deepEqual(
      r.alerts.map((a) => a.severity),
      ["High", "Medium"],
    );
  });

  test("the tactics column: valid MITRE tactics override, none valid keeps the rule's", () => {
    const r = build({ ...perResult, alertDetailsOverride: { alertTacticsColumnName: "Tac" } });
    assert.deepEqual(r.alerts[0]!.tactics, ["Persistence", "CredentialAccess"]);
    assert.deepEqual(r.alerts[1]!.tactics, ["Persistence"]);
  });

  test("names are cut at 256 characters, descriptions at 5,000", () => {
    const long = [["2026-11-20T09:10:00Z", "x".repeat(400), "y".repeat(6000), "", "", "", 1]];
    const r = build({ alertDetailsOverride: { alertDisplayNameFormat: "{{Initiator}}", alertDescriptionFormat: "{{IPAddress}}" } }, long);
    assert.equal(r.alerts[0]!.displayName.length, 256);
    assert.equal(r.alerts[0]!.description.length, 5000);
  });

  test("alertDynamicProperties set the properties Sentinel allows; others are refused with a warning", () => {
    const r = build({
      alertDetailsOverride: {
        alertDynamicProperties: [
          { alertProperty: "ProductComponentName", value: "AppName" },
          { alertProperty: "DisplayName", value: "AppName" },
        ],
      },
    });
    assert.deepEqual(r.alerts[0]!.dynamicProperties, { ProductComponentName: "App One" });
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ["WR302"],
    );
  });

  test("fillFormat leaves text without placeholders as it is", () => {
    assert.equal(fillFormat("plain {not a placeholder}", table(schema, rows), 0), "plain {not a placeholder}");
  });
});

describe("entity mapping", () => {
  const mapping = (entityType: string, ...fields: [string, string][]) => ({
    entityType,
    fieldMappings: fields.map(([identifier, columnName]) => ({ identifier, columnName })),
  });
  const cases: { name: string; mappings: unknown[]; row: unknown[]; entities: Record<string, string>[] }[] = [
    {
      name: "Account FullName user@domain splits into Name and UPNSuffix",
      mappings: [mapping("Account", ["FullName", "Initiator"])],
      row: rows[0]!,
      entities: [{ Type: "account", Name: "alice", UPNSuffix: "contoso.com" }],
    },
    {
      name: "Account FullName DOMAIN\\user splits into NTDomain and Name",
      mappings: [mapping("Account", ["FullName", "Initiator"])],
      row: ["2026-11-20T09:10:00Z", "CONTOSO\\svc-sync", "", "", "", "", 1],
      entities: [{ Type: "account", NTDomain: "CONTOSO", Name: "svc-sync" }],
    },
    {
      name: "an Account known only by a built-in name is dropped",
      mappings: [mapping("Account", ["Name", "Initiator"])],
      row: ["2026-11-20T09:10:00Z", "SYSTEM", "", "", "", "", 1],
      entities: [],
    },
    {
      name: "IP, CloudApplication and AzureResource take their identifier names and JSON types",
      mappings: [mapping("IP", ["Address", "IPAddress"]), mapping("CloudApplication", ["Name", "AppName"]), mapping("AzureResource", ["ResourceId", "AppName"])],
      row: rows[0]!,
      entities: [
        { Type: "ip", Address: "203.0.113.7" },
        { Type: "cloud-application", Name: "App One" },
        { Type: "azure-resource", ResourceId: "App One" },
      ],
    },
    {
      name: "an empty identifier is left out, and an entity with none is dropped",
      mappings: [mapping("IP", ["Address", "IPAddress"]), mapping("Host", ["FullName", "AppName"])],
      row: ["2026-11-20T09:10:00Z", "bob", "", "web01.corp.contoso.com", "", "", 1],
      entities: [{ Type: "host", HostName: "web01", DnsDomain: "corp.contoso.com" }],
    },
    {
      name: "URL, Mailbox and DNS",
      mappings: [mapping("URL", ["Url", "AppName"]), mapping("Mailbox", ["MailboxPrimaryAddress", "Initiator"]), mapping("DNS", ["DomainName", "IPAddress"])],
      row: ["2026-11-20T09:10:00Z", "ceo@contoso.com", "evil.example", "https://x.example/a", "", "", 1],
      entities: [
        { Type: "url", Url: "https://x.example/a" },
        { Type: "mailbox", MailboxPrimaryAddress: "ceo@contoso.com" },
        { Type: "dns", DomainName: "evil.example" },
      ],
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      const r = build({ entityMappings: c.mappings }, [c.row]);
      assert.deepEqual(r.alerts[0]!.entities, c.entities);
    });

  test("at most 10 mappings of 3 identifiers each: the rest are left out with a warning", () => {
    const many = Array.from({ length: 12 }, () => mapping("IP", ["Address", "IPAddress"], ["AddressScope", "AppName"], ["Address", "Initiator"], ["AddressScope", "Sev"]));
    const { settings, diagnostics } = readAlertSettings(makeRule({ sentinel: { entityMappings: many } }));
    assert.equal(settings.entityMappings.length, 10);
    assert.ok(settings.entityMappings.every((m) => m.fieldMappings.length === 3));
    assert.ok(diagnostics.some((d) => d.code === "WR303"));
  });

  test("SingleAlert gathers the entities of every row, each once", () => {
    const r = build({ entityMappings: [mapping("Account", ["FullName", "Initiator"]), mapping("CloudApplication", ["Name", "AppName"])] }, [rows[0]!, rows[0]!, rows[1]!]);
    assert.deepEqual(
      r.alerts[0]!.entities.map((e) => e.Name),
      ["alice", "App One", "bob", "App Two"],
    );
  });
});

describe("custom details", () => {
  test("key → the distinct values of its column in the rows covered, in ExtendedProperties as Sentinel writes them", () => {
    const r = build({ customDetails: { Who: "Initiator", N: "Count", Missing: "NoSuchColumn" } }, [rows[0]!, rows[0]!, rows[1]!]);
    const a = r.alerts[0]!;
    assert.deepEqual(a.customDetails, { Who: ["alice@contoso.com", "bob@contoso.com"], N: [3, 1] });
    assert.deepEqual(JSON.parse(a.extendedProperties["Custom Details"]!), a.customDetails);
    assert.equal(a.extendedProperties["Event Grouping"], "SingleAlert");
    assert.equal(a.extendedProperties["Search Query Results Overall Count"], "3");
  });

  test("at most 20 custom details", () => {
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`K${i}`, "Initiator"]));
    const { settings, diagnostics } = readAlertSettings(makeRule({ sentinel: { customDetails: many } }));
    assert.equal(settings.customDetails.length, 20);
    assert.ok(diagnostics.some((d) => d.code === "WR303"));
  });
});

describe("alert ids", () => {
  test("are deterministic: the same run gives the same ids; identical rows get distinct ones", () => {
    const data = [rows[0]!, rows[0]!, rows[1]!];
    const a = build({ eventGroupingSettings: { aggregationKind: "AlertPerResult" } }, data).alerts.map((x) => x.alertId);
    const b = build({ eventGroupingSettings: { aggregationKind: "AlertPerResult" } }, data).alerts.map((x) => x.alertId);
    assert.deepEqual(a, b);
    assert.equal(new Set(a).size, 3);
    assert.match(a[0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test("depend on the rule, the source and the window end", () => {
    assert.notEqual(deterministicGuid("R1", "local", "t1", "k"), deterministicGuid("R2", "local", "t1", "k"));
    assert.notEqual(deterministicGuid("R1", "local", "t1", "k"), deterministicGuid("R1", "workspace:x", "t1", "k"));
    assert.notEqual(deterministicGuid("R1", "local", "t1", "k"), deterministicGuid("R1", "local", "t2", "k"));
  });
});
