import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type HubTestServer, startHubTestServer } from "@codegenie/llm/download/testing";
import { writeTestModel } from "@codegenie/llm/gguf-writer";
import { ZModelSummary } from "@codegenie/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

// The real `codegenie` command as a child process, downloading from a real HTTP server on
// 127.0.0.1 that answers like the Hugging Face hub (which cannot be reached here).
const REPOSITORY_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const CLI_MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

let dataDir: string;
let modelsFile: string;
let model: Buffer;
let hub: HubTestServer;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "codegenie-cli-models-"));
  const written = await writeTestModel({
    shape: "tiny",
    type: "q8_0",
    outPath: path.join(dataDir, "source", "tiny.gguf"),
  });
  model = await readFile(written.path);
  hub = await startHubTestServer({
    files: [
      { repo: "codegenie/tiny", file: "tiny.gguf", content: model },
      { repo: "google/gated", file: "gated.gguf", content: model, token: "hf_right" },
    ],
  });
  modelsFile = path.join(dataDir, "models.json");
  await writeFile(
    modelsFile,
    JSON.stringify({
      models: [
        {
          id: "tiny-hub",
          name: "Tiny from the hub",
          promptFormat: "deepseek-coder",
          source: { hf: { repo: "codegenie/tiny", file: "tiny.gguf" } },
        },
        {
          id: "gated-hub",
          name: "Gated",
          promptFormat: "gemma",
          source: { hf: { repo: "google/gated", file: "gated.gguf" } },
        },
      ],
    }),
  );
});
afterAll(async () => {
  await hub.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function codegenie(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI_MAIN, ...args], {
      cwd: REPOSITORY_ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        CODEGENIE_MODELS_FILE: modelsFile,
        HF_ENDPOINT: hub.endpoint,
        HF_TOKEN: "",
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

async function listJson() {
  const result = await codegenie(["models", "list", "--json"]);
  expect(result.code, result.stderr).toBe(0);
  return z.array(ZModelSummary).parse(JSON.parse(result.stdout));
}

describe("codegenie models", { timeout: 90_000 }, () => {
  it("lists, pulls with progress, and removes a model", async () => {
    expect((await listJson()).map(({ id, status }) => ({ id, status }))).toEqual([
      { id: "tiny-hub", status: "not_downloaded" },
      { id: "gated-hub", status: "not_downloaded" },
    ]);

    const pulled = await codegenie(["models", "pull", "tiny-hub"]);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/Downloaded tiny-hub \([\d.]+ KiB\)/);
    expect(pulled.stderr).toMatch(/\[#+\] 100%/);
    const modelsDir = path.join(dataDir, "models");
    expect(await readdir(modelsDir)).toEqual(["tiny-hub.gguf"]);
    expect((await listJson()).find((entry) => entry.id === "tiny-hub")?.status).toBe("ready");

    const table = await codegenie(["models", "list"]);
    expect(table.stdout).toMatch(/^ID\s+STATUS\s+ENGINE\s+NAME$/m);
    expect(table.stdout).toMatch(/^tiny-hub\s+ready\s+embedded\s+Tiny from the hub$/m);

    const removed = await codegenie(["models", "remove", "tiny-hub"]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain("Removed the files of tiny-hub");
    expect(await readdir(modelsDir)).toEqual([]);
  });

  it("explains a gated model's refusal, and downloads it with HF_TOKEN", async () => {
    const refused = await codegenie(["models", "pull", "gated-hub"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/answered 401.*set HF_TOKEN.*Gemma is gated/);

    const pulled = await codegenie(["models", "pull", "gated-hub"], { HF_TOKEN: "hf_right" });
    expect(pulled.code, pulled.stderr).toBe(0);
  });

  it("resumes a pull whose connection dropped", async () => {
    hub.dropNextDownloadAfter(100_000);
    const before = hub.requests.length;
    const pulled = await codegenie(["models", "pull", "tiny-hub"]);
    expect(pulled.code, pulled.stderr).toBe(0);
    const downloads = hub.requests
      .slice(before)
      .filter((request) => request.path.startsWith("/cdn/"));
    expect(downloads.map((request) => request.range)).toEqual([
      undefined,
      expect.stringMatching(/^bytes=[1-9]\d*-$/),
    ]);
    expect(await readFile(path.join(dataDir, "models", "tiny-hub.gguf"))).toEqual(model);
  });

  it("answers an unknown model with the ids there are", async () => {
    const result = await codegenie(["models", "pull", "nope"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(
      'There is no model "nope". Available models: tiny-hub, gated-hub.',
    );
  });
});
