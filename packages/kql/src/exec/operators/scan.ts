/**
 * scan: the scan page's state machine, row by row in the input's order.
 *
 * The state holds, per step k, either nothing or a sequence: one record (the row as extended
 * when it matched) for each step 1..k, and the sequence's match id. Each row is checked
 * against the steps from last to first:
 * 1. if step k-1 has a sequence and the row meets step k's condition (seen with that
 *    sequence), the sequence moves to step k, the row is extended by step k's assignments,
 *    becomes the sequence's record for step k, and is output;
 * 2. otherwise, if step k has a sequence (or k is the first step) and the row meets the
 *    condition, the row is extended and replaces the sequence's record for step k, and is output
 *    (per `output=`). A first-step match without a sequence starts one with the next match id.
 *
 * A reference `s.col` reads the sequence's record for step s; where it has none, a declared
 * column reads its declared default (so `x + s1.total` starts from the default) and an input
 * column null. A declared column a step does not assign keeps its latest value in the sequence.
 * `output=last` outputs a step's last match once the sequence leaves that step (or the input
 * ends); widar's reading of "only the last record in a series of repeating matches".
 */
import type { Plan } from "../../plan/ir.js";
import type { Value } from "../../types.js";
import { ColumnBuilder, ConstantColumn } from "../column.js";
import type { ExecContext } from "../context.js";
import { evalExpr } from "../evaluate.js";
import { ONE_ROW, Table } from "../table.js";

type ScanPlan = Extract<Plan, { op: "scan" }>;
type Rec = Value[];

interface Sequence {
  records: (Rec | null)[];
  matchId: number;
}


export function scan(plan: ScanPlan, input: Table, ctx: ExecContext): Table {
  const inputFields = input.schema;
  const fields = [...inputFields, ...plan.declared.map((d) => ({ name: d.name, type: d.type }))];
  const initial = plan.declared.map((d) => evalExpr(d.initial, ONE_ROW, ctx).get(0));
  const nIn = inputFields.length;
  const steps = plan.steps;
  const state: (Sequence | null)[] = steps.map(() => null);
  const pending: ({ rec: Rec; id: number } | null)[] = steps.map(() => null);
  const out: { rec: Rec; id: number }[] = [];
  let nextId = 0;

  // The row's table for evaluating step k's expressions against sequence `seq`.
  const context = (row: Rec, seq: Sequence | null): Table => {
    const schema = [...fields];
    const cols = fields.map((f, j) => new ConstantColumn(f.type, row[j] ?? null, 1));
    steps.forEach((s, j) => {
      const rec = seq?.records[j] ?? null;
      fields.forEach((f, c) => {
        schema.push({ name: `${s.name}.${f.name}`, type: f.type });
        const v = rec !== null ? rec[c]! : c >= nIn ? initial[c - nIn]! : f.type === "string" ? "" : null;
        cols.push(new ConstantColumn(f.type, v, 1));
      });
    });
    return new Table(schema, cols, 1);
  };
  const latest = (seq: Sequence | null): Rec | null => {
    if (seq === null) return null;
    for (let j = seq.records.length - 1; j >= 0; j--) if (seq.records[j] != null) return seq.records[j]!;
    return null;
  };
  const base = (i: number, seq: Sequence | null): Rec => {
    const prior = latest(seq);
    return [...input.columns.map((c) => c.get(i)), ...plan.declared.map((_, d) => (prior === null ? initial[d]! : prior[nIn + d]!))];
  };
  const meets = (k: number, row: Rec, seq: Sequence | null) => evalExpr(steps[k]!.condition, context(row, seq), ctx).get(0) === true;
  const extend = (k: number, row: Rec, seq: Sequence | null): Rec => {
    const t = context(row, seq);
    const ext = [...row];
    for (const a of steps[k]!.assignments) {
      const at = fields.findIndex((f) => f.name === a.name);
      if (at >= 0) ext[at] = evalExpr(a.expr, t, ctx).get(0);
    }
    return ext;
  };
  const emit = (k: number, rec: Rec, id: number) => {
    const o = steps[k]!.output;
    if (o === "all") out.push({ rec, id });
    else if (o === "last") pending[k] = { rec, id };
  };
  const flush = (k: number) => {
    if (pending[k] !== null) out.push(pending[k]!);
    pending[k] = null;
  };

  for (let i = 0; i < input.rowCount; i++) {
    for (let k = steps.length - 1; k >= 0; k--) {
      const prev = k > 0 ? state[k - 1]! : null;
      if (prev !== null) {
        const row = base(i, prev);
        if (meets(k, row, prev)) {
          state[k - 1] = null;
          flush(k - 1);
          flush(k);
          const ext = extend(k, row, prev);
          const records = [...prev.records];
          records[k] = ext;
          state[k] = { records, matchId: prev.matchId };
          emit(k, ext, prev.matchId);
          continue;
        }
      }
      const own = state[k]!;
      if (own === null && k > 0) continue;
      const row = base(i, own);
      if (!meets(k, row, own)) continue;
      const ext = extend(k, row, own);
      if (own === null) state[k] = { records: [ext], matchId: nextId++ };
      else own.records[k] = ext;
      emit(k, ext, state[k]!.matchId);
    }
  }
  for (let k = 0; k < steps.length; k++) flush(k);

  const builders = plan.schema.map((s) => new ColumnBuilder(s.type, out.length));
  plan.schema.forEach((s, j) => {
    const at = fields.findIndex((f) => f.name === s.name);
    for (const o of out) builders[j]!.push(s.name === plan.matchId && at < 0 ? o.id : at >= 0 ? (o.rec[at] ?? null) : null);
  });
  return new Table(
    plan.schema,
    builders.map((b) => b.finish()),
    out.length,
  );
}
