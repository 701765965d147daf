/** Times in the store: ISO 8601 text with milliseconds (`2026-11-20T10:00:00.000Z`), which sorts as time does. */
export function isoMs(ms: number): string {
  return new Date(ms).toISOString();
}

export function msOf(iso: string): number {
  return Date.parse(iso);
}

/** A nullable column's time. */
export function msOrUndefined(iso: string | null | undefined): number | undefined {
  return iso === null || iso === undefined ? undefined : Date.parse(iso);
}
