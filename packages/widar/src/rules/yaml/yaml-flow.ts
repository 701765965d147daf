/** Flow collections of the YAML subset reader: `[a, 'b']`, `{k: v}`, nested, over several lines. */
import type { YamlEntry, YamlNode } from "./yaml-reader.js";
import { Failure, foldLines, plainScalar, unescapeDouble } from "./yaml-scalars.js";

interface Position {
  readonly line: number;
  readonly column: number;
}

/** Flow collections (`[a, 'b', {k: v}]`), possibly over several lines. */
export class FlowParser {
  private k = 0;

  constructor(
    private readonly text: string,
    private readonly line: number,
    private readonly column: number,
  ) {}

  private fail(message: string): never {
    const before = this.text.slice(0, this.k);
    const nl = before.lastIndexOf("\n");
    const line = this.line + (before.match(/\n/g)?.length ?? 0);
    throw new Failure(message, line, nl < 0 ? this.column + this.k : this.k - nl);
  }

  private ws(): void {
    for (;;) {
      while (this.k < this.text.length && /\s/.test(this.text[this.k]!)) this.k++;
      if (this.text[this.k] === "#") {
        const nl = this.text.indexOf("\n", this.k);
        this.k = nl < 0 ? this.text.length : nl;
      } else return;
    }
  }

  private pos(): Position {
    const before = this.text.slice(0, this.k);
    const nl = before.lastIndexOf("\n");
    return { line: this.line + (before.match(/\n/g)?.length ?? 0), column: nl < 0 ? this.column + this.k : this.k - nl };
  }

  value(): YamlNode {
    this.ws();
    const p = this.pos();
    const c = this.text[this.k];
    if (c === "[") {
      this.k++;
      const items: YamlNode[] = [];
      for (;;) {
        this.ws();
        if (this.text[this.k] === "]") {
          this.k++;
          return { kind: "seq", items, ...p };
        }
        items.push(this.value());
        this.ws();
        if (this.text[this.k] === ",") this.k++;
        else if (this.text[this.k] !== "]") this.fail("expected ',' or ']'");
      }
    }
    if (c === "{") {
      this.k++;
      const entries: YamlEntry[] = [];
      for (;;) {
        this.ws();
        if (this.text[this.k] === "}") {
          this.k++;
          return { kind: "map", entries, ...p };
        }
        const kp = this.pos();
        const key = this.value();
        if (key.kind !== "scalar") this.fail("a flow mapping key must be a scalar");
        this.ws();
        if (this.text[this.k] !== ":") this.fail("expected ':'");
        this.k++;
        entries.push({ key: String(key.value), ...kp, value: this.value() });
        this.ws();
        if (this.text[this.k] === ",") this.k++;
        else if (this.text[this.k] !== "}") this.fail("expected ',' or '}'");
      }
    }
    if (c === "'" || c === '"') {
      const re = c === "'" ? /^'((?:[^']|'')*)'(?!')/ : /^"((?:[^"\\]|\\.)*)"/;
      const m = re.exec(this.text.slice(this.k));
      if (m === null) this.fail("unterminated quoted string");
      this.k += m[0].length;
      const body = foldLines(m[1]!.split("\n"));
      return {
        kind: "scalar",
        value: c === "'" ? body.replace(/''/g, "'") : unescapeDouble(body, p.line, p.column),
        style: c === "'" ? "single" : "double",
        ...p,
      };
    }
    const m = /^[^,[\]{}\n#]*?(?=\s*(?:[,\]}]|:\s|$|\n|\s#))/.exec(this.text.slice(this.k));
    const raw = m === null ? "" : m[0];
    this.k += raw.length;
    return { kind: "scalar", value: plainScalar(raw.trim()), style: "plain", ...p };
  }

  end(): void {
    this.ws();
    if (this.k < this.text.length) this.fail("unexpected text after a flow collection");
  }
}
