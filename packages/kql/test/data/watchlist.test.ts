/** Watchlists: the columns _GetWatchlist returns, SearchKey with and without a SearchKey column. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadWatchlist, watchlistItemId } from "../../src/data/watchlist.js";
import { fixture, records, schemaText } from "./fixtures.js";

const UPDATED = Date.UTC(2026, 10, 1);

describe("loadWatchlist", () => {
  test("a SearchKey column gives SearchKey; the other columns are strings", async () => {
    const path = fixture("allow.csv", "SearchKey,IPOrRange,Port\n10.1.0.0/16,10.1.0.0/16,443\n192.168.5.5,192.168.5.5,22\n");
    const r = await loadWatchlist(path, "NetworkAllowlist", { lastUpdated: UPDATED });
    assert.equal(schemaText(r.table), "_DTItemId:string, LastUpdatedTimeUTC:datetime, SearchKey:string, WatchlistItem:dynamic, IPOrRange:string, Port:string");
    assert.deepEqual(records(r.table), [
      {
        _DTItemId: watchlistItemId("NetworkAllowlist", 0, "10.1.0.0/16"),
        LastUpdatedTimeUTC: "2026-11-01T00:00:00.0000000Z",
        SearchKey: "10.1.0.0/16",
        WatchlistItem: { SearchKey: "10.1.0.0/16", IPOrRange: "10.1.0.0/16", Port: "443" },
        IPOrRange: "10.1.0.0/16",
        Port: "443",
      },
      {
        _DTItemId: watchlistItemId("NetworkAllowlist", 1, "192.168.5.5"),
        LastUpdatedTimeUTC: "2026-11-01T00:00:00.0000000Z",
        SearchKey: "192.168.5.5",
        WatchlistItem: { SearchKey: "192.168.5.5", IPOrRange: "192.168.5.5", Port: "22" },
        IPOrRange: "192.168.5.5",
        Port: "22",
      },
    ]);
    assert.deepEqual(r.diagnostics, []);
  });

  test("without a SearchKey column the first column is the key, and stays a column", async () => {
    const path = fixture("vip.csv", 'UserPrincipalName,Title\nceo@contoso.com,"Chief Executive, Officer"\n');
    const r = await loadWatchlist(path, "VIP", { lastUpdated: UPDATED });
    assert.equal(schemaText(r.table), "_DTItemId:string, LastUpdatedTimeUTC:datetime, SearchKey:string, WatchlistItem:dynamic, UserPrincipalName:string, Title:string");
    const [row] = records(r.table);
    assert.equal(row?.SearchKey, "ceo@contoso.com");
    assert.equal(row?.UserPrincipalName, "ceo@contoso.com");
    assert.equal(row?.Title, "Chief Executive, Officer");
  });

  test("opts.searchKey chooses the key column; numbers stay text", async () => {
    const path = fixture("apps.csv", "AppId,Owner,Tier\n11111111-1111-1111-1111-111111111111,alice,1\n");
    const r = await loadWatchlist(path, "Apps", { searchKey: "Owner", lastUpdated: UPDATED });
    const [row] = records(r.table);
    assert.equal(row?.SearchKey, "alice");
    assert.equal(row?.Tier, "1");
  });

  test("item ids are stable GUIDs; the time defaults to the file's mtime", async () => {
    const path = fixture("ids.csv", "k\na\nb\n");
    const r1 = await loadWatchlist(path, "W");
    const r2 = await loadWatchlist(path, "W");
    const ids = records(r1.table).map((x) => x._DTItemId as string);
    assert.deepEqual(ids, records(r2.table).map((x) => x._DTItemId));
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(ids[0], ids[1]);
    assert.notEqual(records(r1.table)[0]?.LastUpdatedTimeUTC, null);
  });

  test("short rows are WD006; an empty file is WD011; a missing file WD004", async () => {
    const short = await loadWatchlist(fixture("short.csv", "a,b\nx\n"), "S", { lastUpdated: UPDATED });
    assert.deepEqual(records(short.table)[0]?.b, "");
    assert.deepEqual(
      short.diagnostics.map((d) => [d.code, d.line]),
      [["WD006", 2]],
    );
    const empty = await loadWatchlist(fixture("empty-wl.csv", ""), "E");
    assert.deepEqual(
      empty.diagnostics.map((d) => d.code),
      ["WD011"],
    );
    assert.equal(empty.table.schema.length, 4);
    const missing = await loadWatchlist("/nonexistent/widar/w.csv", "M");
    assert.deepEqual(
      missing.diagnostics.map((d) => [d.code, d.severity]),
      [["WD004", "error"]],
    );
  });
});
