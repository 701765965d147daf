/**
 * The simulation run: build the tenant, build the attack scenarios and the low-volume benign
 * activity up front (small), then walk the period hour by hour, merging those records with the
 * hour's generated sign-ins (and directory churn, when volume is asked for) in time order and
 * streaming every record to its table's file.
 * Only one hour of high-volume drafts is ever held in memory.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RecordEnv } from "./audit-records.js";
import { adminSessions, rotations } from "./benign-admin.js";
import { hrSync, pipelineBursts, riskNoise, userConsents } from "./benign-automation.js";
import { certificateRenewals, delegatedApps, expiredSecretLoop, managedIdentityRollovers, terraformDeployments } from "./benign-platform.js";
import { CHURN_SHARE, DirectoryChurn } from "./benign-directory-churn.js";
import { type Draft, UserSignIns, WorkloadSignIns, planUserSignIns } from "./benign-signins.js";
import { buildTenant } from "./build-tenant.js";
import { EVALUATION_NOTE, type GroundTruth, type Manifest, buildManifest, labelScenario } from "./ground-truth.js";
import { type BenignLabel, RULE_DESCRIPTIONS, type ScenarioLabel } from "./labels.js";
import { type ResolvedOptions, type SimulateOptions, resolveOptions } from "./options.js";
import { HISTORY_DAYS } from "./platform-identities.js";
import { Rng } from "./prng.js";
import type { Emit } from "./scenario-kit.js";
import { TABLES, TABLE_NAMES, type TableName, deriveSeedRow } from "./tables.js";
import { TableWriter, fileNameFor } from "./table-writer.js";
import { allowlistCsv, automationCsv, tenantDocument } from "./tenant-export.js";
import type { Tenant } from "./tenant-model.js";

const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface SimulationResult {
  readonly outDir: string;
  readonly manifest: Manifest;
  readonly groundTruth: GroundTruth;
  readonly tenant: Tenant;
}

/**
 * The benign activity that is small enough to build whole: audit changes and risk noise. The
 * routine automation also writes its history of the HISTORY_DAYS before the period (a workspace
 * has weeks of logs when the simulated week starts); only what falls in the period is labelled.
 */
function lowVolumeBenign(o: ResolvedOptions, tenant: Tenant): { emits: Emit[]; labels: BenignLabel[] } {
  const env = (stream: string): RecordEnv => ({ tenant, rng: Rng.of(o.seed, "benign", stream) });
  const admin = env("admin");
  const consent = env("consent");
  const hr = env("hr");
  const risk = env("risk");
  const rotated = rotations(env("rotation"), o.start - HISTORY_DAYS * DAY, o.end);
  const emits: Emit[] = [...rotated.emits];
  const labels: BenignLabel[] = [...rotated.labels.filter((l) => Date.parse(l.at) >= o.start)];
  for (const batch of [
    terraformDeployments(env("terraform"), o.start, o.end),
    certificateRenewals(env("certificate-renewal"), o.start, o.end),
    managedIdentityRollovers(env("msi-rollover"), o.start, o.end),
    delegatedApps(env("delegated-apps"), o.start, o.end),
  ]) {
    emits.push(...batch.emits);
    labels.push(...batch.labels);
  }
  labels.push(...expiredSecretLoop(env("expired-secret"), o.start, o.end));
  for (let day = o.start; day < o.end; day += DAY) {
    const sessions = adminSessions(admin, day);
    labels.push(...sessions.labels);
    emits.push(...sessions.emits, ...userConsents(consent, day), ...hrSync(hr, day), ...riskNoise(risk, day));
  }
  const pipeline = pipelineBursts(env("pipeline"), o.start, o.end);
  emits.push(...pipeline.emits);
  labels.push(...pipeline.labels);
  // Records after the period (and before its history) are cut; a label is kept only when all of
  // its activity is inside the period.
  const inPeriod = (t: number) => t >= o.start && t < o.end;
  const written = (t: number) => t >= o.start - HISTORY_DAYS * DAY && t < o.end;
  const whole = (l: BenignLabel) => inPeriod(Date.parse(l.at)) && Date.parse(l.evaluateAt) <= o.end;
  return { emits: emits.filter((e) => written(e.t)), labels: labels.filter(whole).sort((a, b) => a.at.localeCompare(b.at)) };
}

/** Records a set of emits writes, counting the seed-compatibility copies of risk records. */
const withDerived = (emits: readonly Emit[]): number => emits.reduce((n, e) => n + (deriveSeedRow(e.table, e.row) === null ? 1 : 2), 0);

/**
 * Directory-churn records the run writes: as asked, else 9% of `events` (no more than the total
 * leaves room for after the records every run writes), else none, so default output is unchanged.
 */
function churnTarget(o: ResolvedOptions, fixed: number): number {
  if (o.auditEvents !== null) return o.auditEvents;
  if (o.quiet || o.events === null) return 0;
  return Math.min(Math.round(o.events * CHURN_SHARE), Math.max(0, o.events - fixed));
}

export async function simulate(options: SimulateOptions): Promise<SimulationResult> {
  const o = resolveOptions(options);
  await mkdir(o.outDir, { recursive: true });
  const tenant = buildTenant(o.seed, o.identities, o.start, o.end);

  const labels: ScenarioLabel[] = [];
  const low: Emit[] = [];
  o.scenarios.forEach((s, i) => {
    const rng = Rng.of(o.seed, "scenario", s.def.name, s.at);
    const result = s.def.build({ env: { tenant, rng }, rng, at: s.at, params: s.params });
    labels.push(labelScenario(i, s, result));
    low.push(...result.emits, ...(result.context ?? []));
  });
  let benignLabels: BenignLabel[] = [];
  let plan: ReturnType<typeof planUserSignIns> = [];
  if (!o.quiet) {
    const benign = lowVolumeBenign(o, tenant);
    low.push(...benign.emits);
    benignLabels = benign.labels;
    plan = planUserSignIns(o.seed, tenant, o.start, o.end);
  }
  low.sort((a, b) => a.t - b.t);
  const fixed = withDerived(low) + plan.length;
  const churnCount = churnTarget(o, fixed);
  const churn = churnCount > 0 ? new DirectoryChurn(o.seed, tenant, o.start, o.end, churnCount) : null;
  // With `events`, the workload sign-ins fill what the fixed records and the churn leave.
  const workloadTarget = o.events === null ? null : Math.max(0, o.events - fixed - churnCount);
  const workload = o.quiet ? null : new WorkloadSignIns(o.seed, tenant, o.start, o.end, workloadTarget);
  const users = new UserSignIns(o.seed, tenant);
  const expected = fixed + (workload?.total ?? 0) + (churn?.total ?? 0);

  const writers = new Map<TableName, TableWriter>(
    TABLE_NAMES.map((name) => [name, new TableWriter(TABLES[name], o.format, join(o.outDir, fileNameFor(name, o.format)))]),
  );
  let written = 0;
  const put = async (table: TableName, row: Record<string, unknown>) => {
    const pending = writers.get(table)!.write(row);
    written++;
    if (pending !== undefined) await pending;
  };

  // Hours are aligned to the period start; scenario lead-in records may start a little earlier.
  const first = Math.min(o.start, low[0]?.t ?? o.start);
  const last = Math.max(o.end, (low[low.length - 1]?.t ?? 0) + 1);
  const hourStart = o.start - Math.ceil((o.start - first) / HOUR) * HOUR;
  let li = 0;
  let pi = 0;
  const batch: Draft[] = [];
  for (let h = hourStart; h < last; h += HOUR) {
    batch.length = 0;
    for (; li < low.length && low[li]!.t < h + HOUR; li++) {
      const e = low[li]!;
      batch.push({ t: e.t, make: () => e });
    }
    for (; pi < plan.length && plan[pi]!.t < h + HOUR; pi++) {
      const p = plan[pi]!;
      batch.push({ t: p.t, make: () => users.make(p.t, p.user) });
    }
    workload?.draftsForHour(h, batch);
    churn?.draftsForHour(h, batch);
    batch.sort((a, b) => a.t - b.t);
    for (const d of batch) {
      const e = d.make();
      await put(e.table, e.row);
      const derived = deriveSeedRow(e.table, e.row);
      if (derived !== null) await put(derived.table, derived.row);
    }
    options.onProgress?.({ fraction: Math.min(1, (h + HOUR - hourStart) / (last - hourStart)), records: written });
  }

  const tables: Manifest["tables"] = {};
  for (const [name, w] of writers) {
    const { records, bytes } = await w.close();
    tables[name] = { file: fileNameFor(name, o.format), records, bytes, logAnalytics: TABLES[name].logAnalytics };
  }
  if (written !== expected) throw new Error(`internal: wrote ${written} records, planned ${expected}`);

  const groundTruth: GroundTruth = {
    generator: "widar simulate",
    seed: o.seed,
    period: { start: new Date(o.start).toISOString(), end: new Date(o.end).toISOString(), days: o.days },
    tenant: { id: tenant.id, name: tenant.name, domain: tenant.domain },
    evaluation: EVALUATION_NOTE,
    recordKeys: Object.fromEntries(TABLE_NAMES.map((n) => [n, TABLES[n].key.join("|")])),
    rules: RULE_DESCRIPTIONS,
    scenarios: labels,
    benign: benignLabels,
  };
  const manifest = buildManifest(o, tenant, tables, written, churn?.total ?? 0);
  await writeFile(join(o.outDir, "NetworkAllowlist.csv"), allowlistCsv(tenant));
  await writeFile(join(o.outDir, "AutomationIdentities.csv"), automationCsv(tenant));
  await writeFile(join(o.outDir, "tenant.json"), `${JSON.stringify(tenantDocument(tenant), null, 2)}\n`);
  await writeFile(join(o.outDir, "ground-truth.json"), `${JSON.stringify(groundTruth, null, 2)}\n`);
  await writeFile(join(o.outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir: o.outDir, manifest, groundTruth, tenant };
}
