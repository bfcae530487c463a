import type { ModelDefinition } from "@codegenie/llm";
import type { ModelsService } from "../models/models.service";

/** Longest wait for a remote model server's `GET /models`, in ms. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Whether at least one configured model can answer: an embedded model whose weights are on disk
 * (loaded already, or loadable on first use), or a remote model one of whose servers answers
 * `GET <baseUrl>/models` with 2xx within 2 s. Embedded models are checked first and need no I/O
 * beyond a file check; remote servers are only asked when no embedded model is usable.
 */
export async function isAnyModelReachable(
  models: ModelsService,
  env: Record<string, string | undefined> = process.env,
): Promise<boolean> {
  const summaries = models.list();
  if (summaries.some((model) => model.engine === "embedded" && model.status === "ready")) {
    return true;
  }
  const probes = summaries
    .filter((model) => model.engine === "remote")
    .flatMap((summary) => remoteProbes(models.require(summary.id), env));
  return firstTrue(probes);
}

function remoteProbes(model: ModelDefinition, env: Record<string, string | undefined>) {
  const { source } = model;
  if (source.kind !== "openai") return [];
  const apiKey = source.apiKeyEnv ? env[source.apiKeyEnv] : undefined;
  return source.baseUrls.map((baseUrl) => isServerUp(baseUrl, apiKey));
}

/** Whether an OpenAI-compatible server lists its models; never rejects. */
async function isServerUp(baseUrl: string, apiKey: string | undefined): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl.replace(/\/+$/, "")}/models`, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** Resolves true as soon as one check does, false when all say no (or there are none). */
function firstTrue(checks: Promise<boolean>[]): Promise<boolean> {
  return new Promise((resolve) => {
    let pending = checks.length;
    if (pending === 0) resolve(false);
    for (const check of checks) {
      void check.then((isTrue) => {
        pending -= 1;
        if (isTrue) resolve(true);
        else if (pending === 0) resolve(false);
      });
    }
  });
}
