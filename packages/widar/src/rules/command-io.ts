/**
 * Where the rule commands (`widar rules`, `validate`, `export`) print: the process's streams by
 * default; tests pass their own sinks (capturing process.stdout would also capture the test
 * runner's own protocol, which shares it). The process's streams pass everything through
 * terminalLines as a last line of defence: each renderer escapes its own fields, but a rule's
 * title or a fixture's name printed anywhere still never writes an escape sequence raw.
 */
import { terminalLines } from "@widar/kql";

export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const PROCESS_IO: CommandIo = {
  out: (text) => void process.stdout.write(terminalLines(text)),
  err: (text) => void process.stderr.write(terminalLines(text)),
};
