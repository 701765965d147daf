/**
 * Where the rule commands (`widar rules`, `validate`, `export`) print: the process's streams by
 * default; tests pass their own sinks (capturing process.stdout would also capture the test
 * runner's own protocol, which shares it).
 */
export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const PROCESS_IO: CommandIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};
