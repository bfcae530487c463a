import { CodeGenieServer, type HttpStreamResult } from "./codegenie-server";
import type { DirectEngine } from "./direct-engine";
import { asServerPrompt, makePrompt } from "./prompts";
import { fixed, type ResultRow, ratio } from "./report";
import { decodeTokensPerSecond, median, promptTokensPerSecond, type StreamTiming } from "./timing";

/** The raw readings of part (a). */
export interface SingleStreamResults {
  parallelSequences: 1;
  http: HttpStreamResult[];
  direct: StreamTiming[];
}

/**
 * Part (a): one stream at a time through CodeGenie's HTTP API (a model of one sequence) and
 * through node-llama-cpp directly (a context of one sequence), alternating run by run so that
 * other load on the machine hits both sides alike. A warm-up run on each side comes first (it
 * loads CodeGenie's model).
 */
export async function benchSingleStream(options: {
  direct: DirectEngine;
  modelPath: string;
  threads: number;
  contextSize: number;
  tokens: number;
  promptTokens: number;
  repeat: number;
}): Promise<{ results: SingleStreamResults; rows: ResultRow[] }> {
  const { direct, tokens, promptTokens } = options;
  const server = await CodeGenieServer.start({ ...options, parallelSequences: 1, userCount: 1 });
  const prompt = () => makePrompt((text) => direct.tokenize(text), promptTokens);
  const results: SingleStreamResults = { parallelSequences: 1, http: [], direct: [] };
  try {
    await server.generate([prompt()], 4);
    await direct.generate([asServerPrompt(prompt())], 4);
    for (let run = 0; run < options.repeat; run += 1) {
      const runHttp = async () => results.http.push(...(await server.generate([prompt()], tokens)));
      const runDirect = async () =>
        results.direct.push(...(await direct.generate([asServerPrompt(prompt())], tokens)));
      if (run % 2 === 0) {
        await runDirect();
        await runHttp();
      } else {
        await runHttp();
        await runDirect();
      }
      console.error(`  (a) run ${run + 1}/${options.repeat} done`);
    }
  } finally {
    await server.close();
  }
  return { results, rows: singleStreamRows(results, tokens) };
}

function singleStreamRows(results: SingleStreamResults, tokens: number): ResultRow[] {
  const directPrompt = median(results.direct.map(promptTokensPerSecond));
  const directDecode = median(results.direct.map(decodeTokensPerSecond));
  const promptTokens = results.direct[0]?.promptTokens ?? 0;
  const generated = [...results.http.map((result) => result.client), ...results.direct].map(
    (timing) => timing.completionTokens,
  );
  const tokenNote = generated.every((count) => count === tokens)
    ? `${tokens} tokens`
    : `tokens ${Math.min(...generated)}–${Math.max(...generated)} of ${tokens}`;
  const row = (measurement: string, value: number, baseline: number): ResultRow => ({
    part: "a",
    measurement,
    measured: `${fixed(value)} tok/s`,
    baseline: `${fixed(baseline)} tok/s direct`,
    ratio: ratio(value, baseline),
    target: "≥ 0.95×",
  });
  return [
    row(
      `prompt, 1 stream, ${promptTokens}-token prompt (client clock)`,
      median(results.http.map((result) => promptTokensPerSecond(result.client))),
      directPrompt,
    ),
    row(
      `decode, 1 stream, ${tokenNote} (client clock)`,
      median(results.http.map((result) => decodeTokensPerSecond(result.client))),
      directDecode,
    ),
    row(
      "prompt, 1 stream (server's generation-end stats)",
      median(results.http.map((result) => promptTokensPerSecond(result.server))),
      directPrompt,
    ),
    row(
      "decode, 1 stream (server's generation-end stats)",
      median(results.http.map((result) => decodeTokensPerSecond(result.server))),
      directDecode,
    ),
  ];
}
