/** The fast path for canonical ISO 8601 instants agrees with the general parser, and declines the rest. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fastIsoInstant, parseInstant } from "../../src/data/coerce.js";
import { parseDatetime } from "../../src/functions/datetime-text.js";

test("the forms Entra and Log Analytics write: same ticks as parseDatetime", () => {
  for (const s of [
    "2026-11-21T10:00:00Z",
    "2026-11-21T10:00:00.1Z",
    "2026-11-21T10:00:00.1234567Z",
    "2026-11-21T10:00:00.123456789012Z",
    "2019-03-12T16:02:15.5522137+00:00",
    "2026-11-21T23:59:59.999-05:30",
    "2026-11-21T00:00:00+14:00",
    "2026-11-21T10:00:00",
    "2024-02-29T12:00:00z",
    "1991-01-01T00:00:00Z",
  ]) {
    assert.equal(fastIsoInstant(s), parseDatetime(s), s);
  }
});

test("anything else is left to the general parser (null from the fast path)", () => {
  for (const s of ["2026-11-21 10:00:00Z", "2022-09-09T8:48:50.361Z", "8/22/2022 6:07:16 PM", "2026-02-30T10:00:00Z", "2026-11-21T10:00:00.Z", "2026-11-21T10:00:00+1:00", "2026-11-21T10:00:60Z", "2026-11-21T10:00:00ZZ", ""]) {
    assert.equal(fastIsoInstant(s), null, s);
  }
  assert.equal(parseInstant("2022-09-09T8:48:50.361Z"), parseDatetime("2022-09-09T08:48:50.361Z"));
});
