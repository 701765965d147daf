/**
 * Query limits (src/limits.ts): each is hit by a query built to blow it, and answers with its
 * coded error at the right place, the process alive and its memory bounded. No timings are
 * asserted: a limit that did not hold would show as a crash, a hang or a missing error.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Catalog, type Diagnostic, type QueryLimits, type Table, runQuery } from "../../src/index.js";

const catalog = new Catalog();
const NOW = Date.UTC(2026, 10, 21);

function run(text: string, limits?: QueryLimits): { tables: readonly Table[]; diagnostics: readonly Diagnostic[]; errors: Diagnostic[] } {
  const r = runQuery(text, catalog, { now: NOW, ...(limits === undefined ? {} : { limits }) });
  return { ...r, errors: r.diagnostics.filter((d) => d.severity === "error") };
}

/** The one error of a query, with the text its span covers. */
function onlyError(text: string, limits?: QueryLimits): Diagnostic & { at: string } {
  const r = run(text, limits);
  assert.equal(r.errors.length, 1, JSON.stringify(r.diagnostics));
  assert.equal(r.tables.length, 0, "no partial result beside an error");
  const e = r.errors[0]!;
  assert.ok(e.span !== undefined, `${e.code} has a span`);
  return { ...e, at: text.slice(e.span.start, e.span.start + e.span.length) };
}

function heapMb(): number {
  return process.memoryUsage().heapUsed / 2 ** 20;
}

describe("memory", () => {
  test("a 1e5 × 1e5 cartesian join stops with WQ053 at the join before building a pair", () => {
    const before = heapMb();
    const q = "range x from 1 to 100000 step 1 | extend k = 1 | join kind=inner (range y from 1 to 100000 step 1 | extend k = 1) on k | count";
    const e = onlyError(q);
    assert.equal(e.code, "WQ053");
    assert.match(e.at, /^join kind=inner/);
    assert.match(e.message, /10,000,000,000 rows/);
    assert.ok(heapMb() - before < 512, "the heap stayed bounded");
  });

  test("a join under the row limit but over the operator budget stops with WQ053 naming the option", () => {
    const q = "range x from 1 to 3000 step 1 | extend k = 1 | join kind=inner (range y from 1 to 3000 step 1 | extend k = 1) on k | count";
    const e = onlyError(q, { maxMemoryPerOperator: 64 * 2 ** 20 });
    assert.equal(e.code, "WQ053");
    assert.match(e.message, /maxmemoryconsumptionperiterator/);
    // The same join within budget: 9 million pairs.
    assert.deepEqual(run(q).tables[0]!.rows(), [[9_000_000]]);
  });

  test("a huge range stops before allocating, and a query's own `set` raises the budget", () => {
    assert.equal(onlyError("range x from 1 to 1000000000000 step 1 | count").code, "WQ053");
    const q = "range x from 1 to 10000000 step 1 | count";
    assert.equal(onlyError(q, { maxMemoryPerOperator: 2 ** 20 }).code, "WQ053");
    const raised = run(`set maxmemoryconsumptionperiterator = 200000000;\n${q}`, { maxMemoryPerOperator: 2 ** 20 });
    assert.deepEqual(raised.errors, []);
    assert.deepEqual(raised.tables[0]!.rows(), [[10_000_000]]);
  });

  test("a string per row is charged before it is built (tostring over many rows)", () => {
    const e = onlyError("range x from 1 to 3000000 step 1 | summarize dcount(tostring(x))", { maxMemoryPerQuery: 64 * 2 ** 20 });
    assert.equal(e.code, "WQ053");
    assert.equal(e.at, "tostring(x)");
  });

  test("distinct sets (hll, dcount over dynamic) are charged as they grow", () => {
    const e = onlyError("range x from 1 to 3000000 step 1 | summarize hll(x)", { maxMemoryPerQuery: 64 * 2 ** 20 });
    assert.equal(e.code, "WQ053");
    assert.equal(e.at, "hll(x)");
  });

  test("range() arrays are charged per row: 2,000 rows of a million elements stop", () => {
    const e = onlyError("range i from 1 to 2000 step 1 | extend a = range(i, 1000000 + i) | summarize sum(array_length(a))", { maxMemoryPerQuery: 64 * 2 ** 20 });
    assert.equal(e.code, "WQ053");
    assert.equal(e.at, "range(i, 1000000 + i)");
    // One constant array expanded 2,000 times: 2e9 rows, stopped at mv-expand.
    const m = onlyError("range i from 1 to 2000 step 1 | extend a = range(1, 1000000) | mv-expand a | count");
    assert.equal(m.code, "WQ053");
    assert.match(m.at, /^mv-expand/);
  });

  test("mv-expand's output is bounded like a join's", () => {
    const e = onlyError("range i from 1 to 300 step 1 | extend a = range(1, 100000) | mv-expand a | count", { maxMemoryPerOperator: 64 * 2 ** 20 });
    assert.equal(e.code, "WQ053");
    assert.match(e.at, /^mv-expand/);
  });

  test("evaluate plug-ins charge their output: bag_unpack's columns, pivot's cells, narrow's rows", () => {
    const cases: [string, RegExp][] = [
      ["range x from 1 to 3000 step 1 | extend d = bag_pack(tostring(x), x) | evaluate bag_unpack(d)", /^evaluate bag_unpack/],
      ["range x from 1 to 3000 step 1 | extend g = x | evaluate pivot(x)", /^evaluate pivot/],
      ["range x from 1 to 1000000 step 1 | extend a = 1, b = 2, c = 3, d = 4 | evaluate narrow()", /^evaluate narrow/],
    ];
    for (const [q, at] of cases) {
      const e = onlyError(q, { maxMemoryPerOperator: 64 * 2 ** 20 });
      assert.equal(e.code, "WQ053", q);
      assert.match(e.at, at);
    }
  });

  test("a long string builder is charged (strrep of a long text)", () => {
    const e = onlyError("range i from 1 to 20 step 1 | extend s = strrep(strrep(strcat('abcdefgh', i), 1000), 1000) | summarize sum(strlen(s))", {
      maxMemoryPerQuery: 64 * 2 ** 20,
    });
    assert.equal(e.code, "WQ053");
    assert.match(e.at, /^strrep\(strrep/);
  });
});

describe("time", () => {
  test("a long query stops with WQ050 at its time limit, from QueryOptions or `set servertimeout`", () => {
    const q = "range x from 1 to 3000000 step 1 | extend s = strcat('k', tostring(x % 100000)) | summarize c = count() by s | summarize max(c)";
    const e = onlyError(q, { timeoutMs: 5 });
    assert.equal(e.code, "WQ050");
    assert.match(e.message, /set servertimeout/);
    assert.equal(onlyError(`set servertimeout = 5ms;\n${q}`).code, "WQ050");
  });

  test("WQ050 in a print, a scalar statement or toscalar is placed there (their plans had no span)", () => {
    // A limit already past when the statement starts: its first checkpoint stops it.
    const cases: [string, string][] = [
      ["print r = range(1, 1000)", "print r = range(1, 1000)"],
      ["range(1, 1000)", "range(1, 1000)"],
    ];
    for (const [q, at] of cases) {
      const e = onlyError(q, { timeoutMs: 1e-9 });
      assert.equal(e.code, "WQ050", q);
      assert.equal(e.at, at);
    }
  });

  test("slow rows meet the limit: a long array built per row is checked row by row, not per 1,024 rows", () => {
    // Each row builds a 100,000-element array: 1,024 rows between two checks took a minute.
    const e = onlyError("range x from 1 to 3000 step 1 | extend r = series_stats_dynamic(range(1, 100000 + x)) | summarize count()", { timeoutMs: 200 });
    assert.equal(e.code, "WQ050");
    assert.equal(e.at, "range(1, 100000 + x)");
  });

  test("a catastrophic regex on a long input is linear (RE2): a result, not a hang", () => {
    const r = run("print s = strcat_array(repeat('a', 200000), '') | extend m = s matches regex '(a+)+$', n = s matches regex '(a|aa)*b', k = strlen(s)");
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.tables[0]!.rows()[0]!.slice(1), [true, false, 200000]);
  });

  test("a regex over many long rows meets the time limit instead", () => {
    const q = "range i from 1 to 2000 step 1 | extend s = strcat_array(repeat(tostring(i), 5000), '') | where s matches regex '(1+)+2' | count";
    assert.equal(onlyError(q, { timeoutMs: 5 }).code, "WQ050");
  });
});

describe("nesting", () => {
  const cases: readonly { name: string; text: string; code: string }[] = [
    { name: "100,000 nested parentheses", text: `print x = ${"(".repeat(100_000)}1${")".repeat(100_000)}`, code: "WQ054" },
    { name: "10,000 nested calls", text: `print x = ${"abs(".repeat(10_000)}1${")".repeat(10_000)}`, code: "WQ054" },
    { name: "10,000 nested iff", text: `print x = ${"iff(true, ".repeat(10_000)}1${", 2)".repeat(10_000)}`, code: "WQ054" },
    { name: "10,000 + terms (Kusto.Language's own limit)", text: `print x = ${Array.from({ length: 10_000 }, () => "1").join(" + ")}`, code: "KS245" },
    {
      name: "600 chained lets",
      text: `${Array.from({ length: 600 }, (_, i) => `let v${i} = ${i === 0 ? "1" : `v${i - 1} + 1`};`).join("\n")}\nprint v599`,
      code: "WQ054",
    },
    {
      name: "600 chained tabular lets",
      text: `${Array.from({ length: 600 }, (_, i) => `let t${i} = ${i === 0 ? "print x = 1" : `t${i - 1} | extend x = x + 1`};`).join("\n")}\nt599`,
      code: "WQ054",
    },
  ];
  for (const c of cases)
    test(`${c.name}: ${c.code}, no stack overflow`, () => {
      const r = run(c.text);
      assert.deepEqual(
        r.errors.map((d) => d.code),
        [c.code],
      );
      assert.ok(r.errors[0]!.span !== undefined);
    });

  test("just under the limit still runs: 300 chained lets", () => {
    const text = `${Array.from({ length: 300 }, (_, i) => `let v${i} = ${i === 0 ? "1" : `v${i - 1} + 1`};`).join("\n")}\nprint v299`;
    const r = run(text);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.tables[0]!.rows(), [[300]]);
  });

  test("the nesting limit is configurable (lower)", () => {
    const text = `${Array.from({ length: 60 }, (_, i) => `let v${i} = ${i === 0 ? "1" : `v${i - 1} + 1`};`).join("\n")}\nprint v59`;
    assert.equal(onlyError(text, { maxNesting: 50 }).code, "WQ054");
  });
});

describe("result size (Kusto's result truncation)", () => {
  test("more than 500,000 rows is WQ051; `set truncationmaxrecords` and `set notruncation` raise it", () => {
    const e = onlyError("range x from 1 to 600000 step 1");
    assert.equal(e.code, "WQ051");
    assert.match(e.message, /truncationmaxrecords/);
    assert.equal(run("set truncationmaxrecords = 700000;\nrange x from 1 to 600000 step 1").tables[0]!.rowCount, 600_000);
    assert.equal(run("set notruncation;\nrange x from 1 to 600000 step 1").tables[0]!.rowCount, 600_000);
    assert.equal(onlyError("range x from 1 to 600 step 1", { maxResultRows: 500 }).code, "WQ051");
  });

  test("more than 64 MB is WQ052; `set truncationmaxsize` raises it", () => {
    const q = "range x from 1 to 100000 step 1 | extend s = strrep('abcdefghij', 100)";
    assert.equal(onlyError(q).code, "WQ052");
    assert.equal(run(`set truncationmaxsize = 200000000;\n${q}`).tables[0]!.rowCount, 100_000);
  });

  test("a limit option needs a positive constant (WQ057)", () => {
    assert.equal(onlyError("set truncationmaxrecords = 0;\nprint 1").code, "WQ057");
  });
});

describe("documented caps are warnings, not silence (WQ055)", () => {
  const cases: readonly { name: string; text: string; value: unknown; warning: RegExp }[] = [
    { name: "strrep's multiplier", text: "print n = strlen(strrep('a', 1000000000))", value: 1024, warning: /strrep: the multiplier 1,000,000,000 is capped at 1,024/ },
    { name: "range()'s elements", text: "print n = array_length(range(1, 2000000))", value: 1_048_576, warning: /range: the array stops at 1,048,576 elements/ },
    { name: "repeat()'s elements", text: "print n = array_length(repeat(1ms, 4503599627370497))", value: 1_048_576, warning: /repeat: the array stops/ },
    {
      name: "make_set's default MaxSize",
      text: "range x from 1 to 1100000 step 1 | summarize s = make_set(x) | project n = array_length(s)",
      value: 1_048_576,
      warning: /make_set: stopped at 1,048,576 elements/,
    },
    {
      name: "make_set's default MaxSize (strings)",
      text: "range x from 1 to 1100000 step 1 | summarize s = make_set(strcat('k', x)) | project n = array_length(s)",
      value: 1_048_576,
      warning: /make_set: stopped at 1,048,576 elements/,
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      const r = run(c.text);
      assert.deepEqual(r.errors, []);
      assert.equal(r.tables[0]!.rows()[0]![0], c.value);
      const warnings = r.diagnostics.filter((d) => d.severity === "warning");
      assert.equal(warnings.length, 1, JSON.stringify(warnings));
      assert.equal(warnings[0]!.code, "WQ055");
      assert.match(warnings[0]!.message, c.warning);
      assert.ok(warnings[0]!.span !== undefined);
    });
});
