/**
 * A small store for the workbench's tests: a simulated tenant's credential attack (the CRED-01
 * fixture case) whose target app is named with script payloads and whose user agent carries more,
 * run through `widar detect` (detection and triage, as a user runs them) into a temp dir.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../support/paths.js";

export const WIDAR = join(REPO_ROOT, "packages/widar/bin/widar.js");
const CASE = join(REPO_ROOT, "rules/fixtures/CRED-01/positive-unfamiliar-ip-after-pim");

/** What attacker-controlled fields hold: each would run script if rendered as HTML or followed as a link. */
export const HOSTILE_APP = "Sync<img src=x onerror=window.__pwned=1>";
export const HOSTILE_AGENT = "<script>window.__pwned=2</script><a href=javascript:window.__pwned=3>x</a>";

export interface WorkbenchStore {
  readonly dir: string;
  readonly store: string;
  readonly data: string;
  readonly rules: string;
}

export function buildWorkbenchStore(prefix: string): WorkbenchStore {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const data = join(dir, "exports");
  const rules = join(dir, "rules");
  mkdirSync(data);
  mkdirSync(rules);
  const json = (s: string) => JSON.stringify(s).slice(1, -1);
  const audit = readFileSync(join(CASE, "AuditLogs.ndjson"), "utf8")
    .replaceAll("Directory-Sync-Service", json(HOSTILE_APP))
    .replaceAll("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Edg/130.0", json(HOSTILE_AGENT));
  writeFileSync(join(data, "AuditLogs.ndjson"), audit);
  copyFileSync(join(CASE, "SigninLogs.ndjson"), join(data, "SigninLogs.ndjson"));
  copyFileSync(join(REPO_ROOT, "rules/CRED-01-credential-added-to-app-with-credential.yaml"), join(rules, "CRED-01-credential-added-to-app-with-credential.yaml"));
  cpSync(CASE, join(rules, "fixtures", "CRED-01", "positive-unfamiliar-ip-after-pim"), { recursive: true });
  const store = join(dir, "widar.db");
  const r = spawnSync(process.execPath, [WIDAR, "detect", "--data", data, "--rules", rules, "--store", store], {
    encoding: "utf8",
    env: { ...process.env, WIDAR_CACHE: "off" },
  });
  if (r.status !== 0) throw new Error(`widar detect failed (${r.status}): ${r.stderr}`);
  return { dir, store, data, rules };
}
