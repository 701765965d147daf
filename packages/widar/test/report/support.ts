/** Shared by the report tests: a fixture tenant detected and triaged into a temporary store. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, isAbsolute, join } from "node:path";
import assert from "node:assert/strict";
import { defaultTriageQueriesDir } from "../../src/demo/rule-pack-location.js";
import { loadDetectionRules } from "../../src/rules/detection-rules.js";
import { Store } from "../../src/store/store.js";
import { detectAndTriage } from "../../src/triage/detect-and-triage.js";
import { REPO_ROOT, sourceDirOf } from "../support/paths.js";

export const HERE = sourceDirOf(import.meta.url);

/** Detects and triages `dataDir` with the given rule files (paths, or names in the pack) into a fresh store; `done()` removes everything. */
export async function triagedStore(dataDir: string, ruleFiles: readonly string[], from?: string, to?: string): Promise<{ store: Store; dir: string; done: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), "widar-report-"));
  cpSync(dataDir, join(dir, "data"), { recursive: true });
  mkdirSync(join(dir, "rules"));
  for (const f of ruleFiles) copyFileSync(isAbsolute(f) ? f : join(REPO_ROOT, "rules", f), join(dir, "rules", basename(f)));
  const { rules } = loadDetectionRules([join(dir, "rules")]);
  const store = Store.open(join(dir, "widar.db"));
  await detectAndTriage({
    dataPaths: [join(dir, "data")],
    rules,
    store,
    queriesDir: defaultTriageQueriesDir()!,
    loadProgress: false,
    ...(from === undefined ? {} : { fromMs: Date.parse(from) }),
    ...(to === undefined ? {} : { toMs: Date.parse(to) }),
  });
  return {
    store,
    dir,
    done: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Compares a rendered report with its golden file (WIDAR_UPDATE_GOLDEN=1 rewrites it). */
export function assertGolden(name: string, text: string): void {
  const file = join(HERE, "golden", name);
  if (process.env.WIDAR_UPDATE_GOLDEN === "1") writeFileSync(file, text);
  assert.equal(text, readFileSync(file, "utf8"), `${name} differs from its golden file (WIDAR_UPDATE_GOLDEN=1 npm test rewrites it after review)`);
}
