import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loggerOptions } from "./logger";

describe("logs", () => {
  it("redact credentials wherever a log call puts them", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const options = loggerOptions({ logLevel: "info" });
    if (typeof options !== "object") throw new Error("expected logger options");
    const logger = pino(options as pino.LoggerOptions, sink);
    logger.info(
      {
        req: { headers: { authorization: "Bearer eyJsecret", cookie: "session=abc" } },
        body: { password: "hunter2-hunter2", token: "t0ken" },
      },
      "request",
    );
    const line = lines.join("");
    for (const secret of ["eyJsecret", "session=abc", "hunter2-hunter2", "t0ken"]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain("[redacted]");
  });
});
