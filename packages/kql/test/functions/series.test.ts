/**
 * series_* functions: element-wise math and comparisons, reductions, fills, filters, statistics,
 * line fits and the DFT. Expected values are the series pages' examples where they have one;
 * missing elements (null, text), arrays of different lengths and non-array arguments are covered
 * per family.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { rows } from "../support.js";
import { close, type ExprCase, runExprCases } from "./query-cases.js";

const elementwise: ExprCase[] = [
  ["add (page example)", "series_add(dynamic([1,2,4]), dynamic([4,2,1]))", [5, 4, 5]],
  ["add arrays of different lengths", "series_add(dynamic([1,2,4]), dynamic([4]))", [5, null, null]],
  ["add a scalar; a text element is missing", `series_add(dynamic([1,"a",4]), 1)`, [2, null, 5]],
  ["add a bag", `series_add(parse_json('{"a":1}'), dynamic([1]))`, null],
  ["subtract (page example)", "series_subtract(dynamic([1,2,4]), dynamic([4,2,1]))", [-3, 0, 3]],
  ["divide is real division", "series_divide(dynamic([1,2]), dynamic([2,0]))", [0.5, Number.POSITIVE_INFINITY]],
  ["pow by a scalar", "series_pow(dynamic([2,3]), 2)", [4, 9]],
  ["greater (page example)", "series_greater(dynamic([1,2,4]), dynamic([4,2,1]))", [false, false, true]],
  ["less_equals (page example)", "series_less_equals(dynamic([1,2,4]), dynamic([4,2,1]))", [true, true, false]],
  ["equals", "series_equals(dynamic([1,2]), dynamic([1,3]))", [true, false]],
  ["abs", "series_abs(dynamic([-6.5,0,8.2]))", [6.5, 0, 8.2]],
  ["asin (page example)", "series_asin(dynamic([-1,0,1]))", [-Math.PI / 2, 0, Math.PI / 2]],
  ["ceiling (page example)", "series_ceiling(dynamic([-1.5,1,2.5]))", [-1, 1, 3]],
  ["sign (page example)", "series_sign(dynamic([-6, 0, 8]))", [-1, 0, 1]],
  ["log outside its domain is NaN, null stays null", "series_log(dynamic([1, -1, null]))", [0, Number.NaN, null]],
  ["empty series", "series_exp(dynamic([]))", []],
  ["null series", "series_abs(dynamic(null))", null],
];

const reductions: ExprCase[] = [
  ["sum (page example)", "series_sum(dynamic([1,2,3,4]))", 10, "real"],
  ["sum skips missing elements", `series_sum(dynamic([1,null,"x",4]))`, 5],
  ["product", "series_product(dynamic([1,2,3,4]))", 24],
  ["magnitude (page example)", "series_magnitude(dynamic([1,2,3,4]))", 5.4772255750516612],
  ["dot product (page example)", "series_dot_product(dynamic([1,2,4]), dynamic([4,2,1]))", 12],
  ["dot product with a scalar (page example)", "series_dot_product(dynamic([1,2,4]), 2)", 14],
  ["cosine similarity (page example)", "series_cosine_similarity(dynamic([0.1,0.2,0.1,0.2]), dynamic([0.11,0.2,0.11,0.21]))", 0.99935343825504],
  ["cosine similarity with a zero vector", "series_cosine_similarity(dynamic([0,0]), dynamic([1,2]))", null],
  ["pearson correlation", "series_pearson_correlation(dynamic([1,2,3]), dynamic([2,4,7]))", 0.9933992677987828],
];

const fills: ExprCase[] = [
  ["fill_const", "series_fill_const(dynamic([111, null, 36]), 0.0)", [111, 0, 36]],
  ["fill_const with a placeholder", "series_fill_const(dynamic([1, -1, 3]), 0, -1)", [1, 0, 3]],
  ["fill_forward (page example)", "series_fill_forward(dynamic([null, null, 36, 41, null, null, 16, 61, 33, null, null]))", [null, null, 36, 41, 41, 41, 16, 61, 33, 33, 33]],
  ["fill_backward", "series_fill_backward(dynamic([null, 2, null, 4, null]))", [2, 2, 4, 4, null]],
  ["fill_linear (page example, reals)", "series_fill_linear(dynamic([null, 111.0, null, 36.0, 41.0, null, null, 16.0, 61.0, 33.0, null, null]))", [111, 111, 73.5, 36, 41, 32.666666666666664, 24.333333333333332, 16, 61, 33, 33, 33]],
  ["fill_linear without edges", "series_fill_linear(dynamic([null, 111.0, null, 36.0, null]), double(null), false)", [null, 111, 73.5, 36, null]],
  ["fill_linear of only missing values is the constant", "series_fill_linear(dynamic([null, null]), double(null), true, 2.5)", [2.5, 2.5]],
];

const filters: ExprCase[] = [
  ["fir moving average (normalized by default)", "series_fir(dynamic([0, 0, 10, 20, 0, 0]), dynamic([1, 1]))", [0, 0, 5, 15, 10, 0]],
  ["fir centered", "series_fir(dynamic([0, 0, 10, 20, 0, 0]), dynamic([1, 1, 1]), true, true)", [0, 10 / 3, 10, 10, 20 / 3, 0]],
  ["fir with a negative coefficient is not normalized", "series_fir(dynamic([1, 3, 6]), dynamic([1, -1]))", [1, 2, 3]],
  ["fir: normalizing a filter with negatives is null", "series_fir(dynamic([1, 3, 6]), dynamic([1, -1]), true)", null],
  ["iir cumulative sum (page example)", "series_iir(dynamic([0, 1, 2, 3, 4]), dynamic([1]), dynamic([1, -1]))", [0, 1, 3, 6, 10]],
  ["iir with a[0] = 0", "series_iir(dynamic([0, 1]), dynamic([1]), dynamic([0]))", null],
];

const analysis: ExprCase[] = [
  ["stats_dynamic (page example)", "series_stats_dynamic(dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]))", { min: 2, min_idx: 8, max: 87, max_idx: 3, avg: 32.8, stdev: 28.503633853548266, variance: 812.4571428571428, sum: 492, len: 15 }],
  ["stats with a missing element and ignore_nonfinite = false", "series_stats_dynamic(dynamic([1, null, 3]))", null],
  ["fit_line slope (page example)", "series_fit_line_dynamic(dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30])).slope", 2.7307692307692313],
  ["a single point fits no line", "series_fit_line_dynamic(dynamic([5]))", null],
];

describe("series element-wise", () => runExprCases(test, elementwise));
describe("series reductions", () => runExprCases(test, reductions));
describe("series fills", () => runExprCases(test, fills));
describe("series filters", () => runExprCases(test, filters));
describe("series analysis", () => runExprCases(test, analysis));

describe("tuple-valued series functions", () => {
  test("series_fit_line (page example) splits into named columns", () => {
    const r = rows("print y = dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30]) | extend (RSquare, Slope, Variance, RVariance, Interception) = series_fit_line(y) | project-away y, series_fit_line_y_line_fit");
    close(r, [[0.982900730884447, 2.7307692307692313, 98.62878787878788, 1.6864801864801868, -1.6666666666666714]], "fit");
  });
  test("series_stats ignores non-finite values when asked", () => {
    const r = rows(`print x = dynamic([4, null, 2, 9]) | project series_stats(x, true)`);
    close(r, [[2, 2, 9, 3, 5, Math.sqrt(13), 13]], "stats");
  });
  test("series_fft then series_ifft is the identity", () => {
    const r = rows("print x = dynamic([1, 2, 3, 4]) | extend (re, im) = series_fft(x) | extend (x2, im2) = series_ifft(re, im) | project re, im, x2, im2");
    close(r[0]![0]!, [10, -2, -2, -2], "re");
    close(r[0]![1]!, [0, 2, 0, -2], "im");
    close(r[0]![2]!, [1, 2, 3, 4], "x2");
    close(r[0]![3]!, [0, 0, 0, 0], "im2");
  });
  test("series_fft of a series with a missing element is null", () => {
    assert.deepEqual(rows("print x = dynamic([1, null]) | project series_fft(x)"), [[null, null]]);
  });
});
