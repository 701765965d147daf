/**
 * Loads Microsoft's Kusto.Language (the official KQL parser and binder, compiled to JS by
 * Bridge.NET) once per process. This file and `kusto-language.ts` are the only places that
 * touch its API: its constructor names (`$ctor7`, …) change between versions, so the package
 * is pinned to an exact version in package.json.
 */
import { createRequire } from "node:module";

// The Bridge.NET API is untyped JS from here on.
export type Bridge = any;

let loaded: Bridge | undefined;

export function kustoLanguage(): Bridge {
  if (loaded !== undefined) return loaded;
  const g = globalThis as Record<string, unknown>;
  // Already in the heap (the CLI's startup snapshot loads and warms it before anything else).
  const preloaded = (g.Kusto as Bridge | undefined)?.Language;
  if (preloaded !== undefined) return (loaded = preloaded);
  // Bridge.NET's runtime registers itself on `window` when it sees one; give it the global.
  const hadWindow = "window" in g;
  if (!hadWindow) g.window = globalThis;
  const require = createRequire(import.meta.url);
  require("@kusto/language-service-next/bridge.min.js");
  require("@kusto/language-service-next/Kusto.Language.Bridge.min.js");
  loaded = (g.Kusto as Bridge).Language;
  return loaded;
}
