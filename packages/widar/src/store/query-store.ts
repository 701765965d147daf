/**
 * The store's tables for a query that names them: `widar query "SecurityAlert | ..."` reads the
 * store given (or `./.widar/widar.db` when it exists), read-only.
 */
import { existsSync } from "node:fs";
import type { Catalog } from "@widar/kql";
import { DEFAULT_STORE } from "./database.js";
import { addStoreTables, referencedStoreTables } from "./store-tables.js";
import { Store } from "./store.js";

/** Adds the store tables `text` names; returns the store file read, or undefined when none was needed or found. */
export function addReferencedStoreTables(catalog: Catalog, texts: readonly string[], storeFile?: string): string | undefined {
  const names = referencedStoreTables(texts);
  if (names.length === 0) return undefined;
  const file = storeFile ?? DEFAULT_STORE;
  if (storeFile === undefined && !existsSync(file)) return undefined;
  const store = Store.open(file, { readonly: true });
  try {
    addStoreTables(catalog, store, names);
  } finally {
    store.close();
  }
  return file;
}
