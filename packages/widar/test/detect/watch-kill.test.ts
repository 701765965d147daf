/**
 * `widar watch` killed with SIGKILL at random moments while its log file grows, and restarted
 * each time, ends with exactly the store of an uninterrupted run: no window skipped, no alert
 * duplicated, incidents numbered alike. A real child process; several seeds of the kill times.
 * SIGTERM stops it cleanly.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { simulate } from "../../src/simulator/index.js";
import { Store } from "../../src/store/store.js";
import { REPO_ROOT } from "../support/paths.js";

const WIDAR = join(REPO_ROOT, "packages/widar/bin/widar.js");
const RULES = ["RULE-18W-sp-creation-burst-windowed.yaml", "CRED-01-credential-added-to-app-with-credential.yaml", "CRED-08-privileged-graph-app-role-granted.yaml", "RULE-17-sensitive-api-permission-granted.yaml", "RULE-19C-sp-risk-escalation-corrected.yaml", "RULE-20-sp-risk-event-stacking.yaml"];
const TABLES = ["AuditLogs", "SigninLogs", "AADRiskyServicePrincipals", "AADServicePrincipalRiskEvents"];
const FROM = "2026-11-19T00:00:00.000Z";
const UNTIL = "2026-11-21T00:00:00.000Z";

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
let chunks: string[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "widar-watch-kill-"));
  const src = join(dir, "src");
  await simulate({ outDir: src, seed: 5, days: 2 });
  mkdirSync(join(dir, "rules"));
  for (const r of RULES) copyFileSync(join(REPO_ROOT, "rules", r), join(dir, "rules", r));
  // One log stream of every table, in time order, as a continuous export writes it.
  const lines: { t: number; line: string }[] = [];
  for (const table of TABLES)
    for (const line of readFileSync(join(src, `${table}.ndjson`), "utf8").split("\n"))
      if (line !== "") lines.push({ t: Date.parse(JSON.parse(line).TimeGenerated), line });
  lines.sort((a, b) => a.t - b.t);
  const from = Date.parse(FROM);
  const history = lines.filter((l) => l.t < from);
  const period = lines.filter((l) => l.t >= from);
  chunks = [history.map((l) => `${l.line}\n`).join("")];
  for (let i = 0; i < period.length; i += 20) chunks.push(period.slice(i, i + 20).map((l) => `${l.line}\n`).join(""));
  // The data clock passes the end: one record after it (no rule reads it).
  chunks.push(`${JSON.stringify({ Type: "AuditLogs", TimeGenerated: "2026-11-21T02:00:00.000Z", OperationName: "clock", Result: "success" })}\n`);
  copyFileSync(join(src, "NetworkAllowlist.csv"), join(dir, "NetworkAllowlist.csv"));
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Everything detection wrote, without the wall-clock fields (when a run executed, how long it took). */
function snapshot(storeFile: string): string {
  const store = Store.open(storeFile, { readonly: true });
  try {
    const q = (sql: string) => store.db.prepare(sql).all();
    return JSON.stringify(
      {
        alerts: q("SELECT * FROM alerts ORDER BY alert_id"),
        entities: q("SELECT * FROM alert_entities ORDER BY alert_id, entity_key"),
        incidents: q("SELECT * FROM incidents ORDER BY incident_id"),
        history: q("SELECT * FROM incident_history ORDER BY incident_id, version"),
        runs: q("SELECT rule_id, source, window_end, window_start, rule_name, status, result_count, alert_count, entity_count, diagnostic_code, message, settings FROM rule_runs ORDER BY rule_id, window_end"),
        checkpoints: q("SELECT * FROM checkpoints ORDER BY rule_id"),
      },
      null,
      1,
    );
  } finally {
    store.close();
  }
}

function startWatch(watched: string, storeFile: string): ChildProcess {
  return spawn(
    process.execPath,
    [WIDAR, "watch", "--data", watched, "--rules", join(dir, "rules"), "--store", storeFile, "--clock", "data", "--delay", "10m", "--poll", "20ms", "--from", FROM, "--until", UNTIL],
    { cwd: dir, env: { ...process.env, TMPDIR: dir }, stdio: ["ignore", "ignore", "pipe"] },
  );
}

const exited = (c: ChildProcess) => new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => c.once("exit", (code, signal) => r({ code, signal })));

/** Feeds the stream while watch runs; kills and restarts it at the seed's random moments. */
async function run(name: string, killSeed?: number): Promise<{ snapshot: string; kills: number; runsAtKills: number[] }> {
  const watched = join(dir, `watched-${name}`);
  mkdirSync(watched);
  copyFileSync(join(dir, "NetworkAllowlist.csv"), join(watched, "NetworkAllowlist.csv"));
  const stream = join(watched, "export.ndjson");
  writeFileSync(stream, chunks[0]!);
  const storeFile = join(dir, `${name}.db`);
  const writer = (async () => {
    for (const c of chunks.slice(1)) {
      await sleep(25);
      appendFileSync(stream, c);
    }
  })();
  // Kill points: after a random number of committed runs each (then a random few milliseconds, so
  // some kills land inside a window's transaction), so the kills fall while windows commit.
  const rand = killSeed === undefined ? undefined : mulberry32(killSeed);
  const targets = rand === undefined ? [] : Array.from({ length: 3 }, () => 1 + Math.floor(rand() * 320)).sort((a, b) => a - b);
  let kills = 0;
  const runsAtKills: number[] = [];
  for (;;) {
    const child = startWatch(watched, storeFile);
    let stderr = "";
    child.stderr!.on("data", (d) => {
      stderr += d;
    });
    let running = true;
    const done = exited(child).then((r) => {
      running = false;
      return r;
    });
    const target = targets[kills];
    if (target !== undefined)
      void (async () => {
        while (running && committedRuns(storeFile) < target) await sleep(10);
        await sleep(rand!() * 20);
        if (running) child.kill("SIGKILL");
      })();
    const r = await done;
    if (r.signal === "SIGKILL") {
      kills++;
      runsAtKills.push(committedRuns(storeFile));
      continue;
    }
    assert.equal(r.code, 0, stderr);
    break;
  }
  await writer;
  return { snapshot: snapshot(storeFile), kills, runsAtKills };
}

/** How many runs the store has committed (0 before it exists). */
function committedRuns(storeFile: string): number {
  try {
    const store = Store.open(storeFile, { readonly: true });
    try {
      return (store.db.prepare("SELECT count(*) AS n FROM rule_runs").get() as { n: number }).n;
    } finally {
      store.close();
    }
  } catch {
    return 0;
  }
}

describe("widar watch", () => {
  let reference: string;
  const runsAtKills: number[] = [];
  test("an uninterrupted run over the growing export raises alerts and incidents", async () => {
    reference = (await run("reference")).snapshot;
    const parsed = JSON.parse(reference);
    assert.ok(parsed.alerts.length > 3, "the stream triggers rules");
    assert.ok(parsed.incidents.length > 0);
    assert.equal(parsed.checkpoints.length, RULES.length);
    for (const c of parsed.checkpoints) assert.ok(c.last_window_end >= "2026-11-20T23:00:00.000Z", JSON.stringify(c));
  });

  for (const seed of [11, 22, 33])
    test(`killed with SIGKILL at random moments (seed ${seed}), restarted: the same store`, async () => {
      const r = await run(`killed-${seed}`, seed);
      assert.ok(r.kills > 0);
      runsAtKills.push(...r.runsAtKills);
      assert.equal(r.snapshot, reference);
    });

  test("the kills fell while windows were being committed, not only before the first", () => {
    const total = JSON.parse(reference).runs.length;
    assert.ok(
      runsAtKills.some((n) => n > 0 && n < total),
      `runs committed at each kill: ${runsAtKills.join(", ")} of ${total}`,
    );
  });

  test("SIGTERM stops it cleanly between windows (exit 0)", async () => {
    const watched = join(dir, "watched-term");
    mkdirSync(watched);
    writeFileSync(join(watched, "export.ndjson"), chunks.join(""));
    const child = spawn(process.execPath, [WIDAR, "watch", "--data", watched, "--rules", join(dir, "rules"), "--store", join(dir, "term.db"), "--clock", "data", "--poll", "20ms", "--from", FROM], {
      cwd: dir,
      env: { ...process.env, TMPDIR: dir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr!.on("data", (d) => {
      err += d;
    });
    await new Promise<void>((resolve) => child.stderr!.on("data", () => err.includes("following") && resolve()));
    await sleep(1500);
    child.kill("SIGTERM");
    const r = await exited(child);
    assert.equal(r.code, 0, err);
    assert.match(err, /stopped \(signal\)/);
  });
});
