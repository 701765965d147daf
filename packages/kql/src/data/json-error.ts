/**
 * Where and why a JSON text is invalid. JSON.parse's messages differ between Node versions and
 * often give no position ("Unexpected token '}', ...snippet... is not valid JSON"), so on the
 * failure path (only) a small validating scanner finds the first offending offset itself.
 */

export interface JsonSyntaxError {
  /** 0-based offset of the first character that cannot continue valid JSON. */
  readonly offset: number;
  readonly message: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** The first syntax error of a JSON text, or undefined when it is valid. */
export function findJsonError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      i++;
    }
  };
  const fail = (what: string): never => {
    throw new Stop(i, i >= n ? `unexpected end of text (expected ${what})` : `unexpected ${JSON.stringify(text[i])} (expected ${what})`);
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= n) fail("the closing quote");
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e === "u" && HEX4.test(text.slice(i + 2, i + 6))) i += 6;
        else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          fail("an escape");
        }
      } else if (c < 32) fail("no control character in a string");
      else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("a property name in double quotes");
        string();
        ws();
        if (text[i] !== ":") fail("':'");
        i++;
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return;
        } else fail("',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return;
        } else fail("',' or ']'");
      }
    }
    if (c === '"') {
      string();
      return;
    }
    for (const lit of ["true", "false", "null"]) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.exec(text) !== null) {
      i = NUMBER.lastIndex;
      return;
    }
    fail("a value");
  };
  try {
    value();
    ws();
    if (i < n) fail("the end of the text");
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, message: e.message };
    throw e;
  }
}
