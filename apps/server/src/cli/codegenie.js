#!/usr/bin/env node
// The installed `codegenie` command (apps/server's "bin"). The CLI is TypeScript run by tsx, like
// the server (docs/decisions/0001): register tsx's loader from here, so it is found next to this
// file whatever the working directory, then run the CLI.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
