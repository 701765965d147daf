#!/usr/bin/env node
// The widar CLI. The TypeScript sources are compiled by `npm ci` (the root `prepare` script).
import { main } from "../dist/src/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // A bug of widar's: one line, no stack trace (set WIDAR_DEBUG=1 for it).
    process.stderr.write(`widar: internal error: ${err?.message ?? err}\n`);
    if (process.env.WIDAR_DEBUG) process.stderr.write(`${err?.stack}\n`);
    process.exitCode = 70;
  },
);
