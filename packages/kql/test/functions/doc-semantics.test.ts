/**
 * Results the pages state that widar got wrong (each case is its page's example or rule):
 * url_encode, bag_has_key with JSONPath, arg_max over all-null keys, union of same-named columns
 * of different types, covariance's default column name.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { run, rows } from "../support.js";

describe("url_encode, url_encode_component (their pages' examples)", () => {
  test("url_encode: lower-case hex, a space as +", () => {
    assert.deepEqual(rows("let url = @'https://www.bing.com/hello world'; print encoded = url_encode(url)"), [["https%3a%2f%2fwww.bing.com%2fhello+world"]]);
  });
  test("url_encode_component: a space as %20; UTF-8 bytes", () => {
    assert.deepEqual(rows("print url_encode_component(@'https://www.bing.com/hello world/'), url_encode_component('ü-_.!*()~')"), [
      ["https%3a%2f%2fwww.bing.com%2fhello%20world%2f", "%c3%bc-_.!*()%7e"],
    ]);
  });
});

describe("bag_has_key (bag-has-key-function.md): a key or a JSONPath", () => {
  const cases: [string, boolean][] = [
    ["'key1'", true],
    ["'$.key1'", true],
    ["'$.key2.prop1'", true],
    ["\"$['key2']['prop2']\"", false],
    ["'prop1'", false],
  ];
  for (const [key, expected] of cases)
    test(key, () => assert.deepEqual(rows(`print bag_has_key(dynamic({'key1': 123, 'key2': {'prop1': 'abc'}}), ${key})`), [[expected]]));
});

describe("arg_max / arg_min over a group whose every key is null", () => {
  test("the group still yields a row, its first, not nulls", () => {
    const q = "datatable(g:string, k:long, v:string)['a', long(null), 'x', 'a', long(null), 'y', 'b', 1, 'z'] | summarize arg_max(k, v) by g | order by g asc";
    assert.deepEqual(rows(q), [
      ["a", null, "x"],
      ["b", 1, "z"],
    ]);
    assert.deepEqual(rows("datatable(k:long, v:string)[long(null), 'x'] | summarize arg_min(k, *)"), [[null, "x"]]);
  });
});

describe("union of same-named columns of different types (union-operator.md)", () => {
  test("each type keeps its own column, named after the type, with its values", () => {
    const r = run("union (print x=1), (print x='a'), (print x=2.5)");
    assert.deepEqual(r.columns, ["x_long", "x_string", "x_real"]);
    assert.deepEqual(r.rows, [
      [1, "", null],
      [null, "a", null],
      [null, "", 2.5],
    ]);
  });
});

describe("covariance's default column name (covariance-aggregation-function.md)", () => {
  test("covariance(x, y) is covariance_x_y, covariancepif(x, y, p) covariancepif_x_y", () => {
    const r = run("datatable(x:real, y:real)[1.0, 14.0, 2.0, 10.0, 3.0, 17.0, 4.0, 20.0, 5.0, 50.0] | summarize covariance(x, y), covariancepif(x, y, x > 1), c = covariancep(x, y)");
    assert.deepEqual(r.columns, ["covariance_x_y", "covariancepif_x_y", "c"]);
    assert.equal(r.rows[0]![0], 20.5);
  });
});

describe("indexof (indexof-function.md's examples)", () => {
  test("start, length and occurrence as the page's idx1–idx9", () => {
    const q = `print idx1 = indexof("abcdefg","cde"), idx2 = indexof("abcdefg","cde",1,4), idx3 = indexof("abcdefg","cde",1,2),
      idx4 = indexof("abcdefg","cde",3,4), idx5 = indexof("abcdefg","cde",-5), idx6 = indexof(1234567,5,1,4),
      idx7 = indexof("abcdefg","cde",2,-1), idx8 = indexof("abcdefgabcdefg", "cde", 1, 10, 2), idx9 = indexof("abcdefgabcdefg", "cde", 1, -1, 3)`;
    assert.deepEqual(rows(q), [[2, 2, -1, -1, 2, 4, 2, 9, -1]]);
  });
});

describe("replace_strings (replace-strings-function.md)", () => {
  const msg = "This is an example of using replace_strings()";
  test("the earlier lookup takes precedence (the page's Outcome1 and Outcome2)", () => {
    assert.deepEqual(rows(`print replace_strings('${msg}', dynamic(['This', 'is']), dynamic(['This', 'was'])), replace_strings('${msg}', dynamic(['is', 'This']), dynamic(['was', 'This']))`), [
      ["This was an example of using replace_strings()", "Thwas was an example of using replace_strings()"],
    ]);
  });
  test("matches never overlap; a non-string lookup is ignored, a non-string rewrite replaces nothing", () => {
    assert.deepEqual(rows("print replace_strings('A magic trick can turn a cat into a dog', dynamic(['cat', 'dog']), dynamic(['dog', 'pigeon']))"), [["A magic trick can turn a dog into a pigeon"]]);
    assert.deepEqual(rows("print replace_strings('a cat, 1 dog', dynamic([1, 'cat', 'dog']), dynamic(['x', 5, 'fox']))"), [["a cat, 1 fox"]]);
  });
});

describe("estimate_data_size(*) (estimate-data-size-function.md)", () => {
  test("* is every column of the row: the page's 18 (a long's 8 bytes and a 10-character string)", () => {
    assert.deepEqual(rows("range x from 1 to 2 step 1 | extend Text = '1234567890' | extend Size = estimate_data_size(*) | project Size"), [[18], [18]]);
  });
});
