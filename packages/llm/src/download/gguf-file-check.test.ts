import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTestModel } from "../gguf-writer";
import { checkGgufFile } from "./gguf-file-check";

let folder: string;
let model: Buffer;
let modelPath: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "codegenie-gguf-check-"));
  modelPath = (
    await writeTestModel({ shape: "tiny", type: "q4_0", outPath: path.join(folder, "tiny.gguf") })
  ).path;
  model = await readFile(modelPath);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function fileWith(name: string, bytes: Buffer | string): Promise<string> {
  const filePath = path.join(folder, name);
  await writeFile(filePath, bytes);
  return filePath;
}

describe("checkGgufFile", () => {
  it("accepts a whole GGUF model and reads its header", async () => {
    await expect(checkGgufFile(modelPath)).resolves.toMatchObject({
      version: 3,
      architecture: "llama",
      bytes: model.length,
      tensorCount: expect.any(Number),
    });
  });

  it("refuses a file that is not a GGUF model", async () => {
    const filePath = await fileWith("page.gguf", "<html>not a model</html>");
    await expect(checkGgufFile(filePath)).rejects.toMatchObject({
      kind: "invalid-file",
      message: expect.stringContaining('does not start with the GGUF magic (found "<htm")'),
    });
    await expect(checkGgufFile(await fileWith("empty.gguf", ""))).rejects.toMatchObject({
      kind: "invalid-file",
      message: expect.stringContaining("an empty file"),
    });
  });

  it("refuses a truncated model: tensor data cut off", async () => {
    const filePath = await fileWith("cut.gguf", model.subarray(0, model.length - 100));
    await expect(checkGgufFile(filePath)).rejects.toMatchObject({
      kind: "invalid-file",
      message: expect.stringMatching(/truncated: its tensors need \d+ bytes but the file has \d+/),
    });
  });

  it("refuses a model cut inside its header", async () => {
    const filePath = await fileWith("header.gguf", model.subarray(0, 4096));
    await expect(checkGgufFile(filePath)).rejects.toMatchObject({ kind: "invalid-file" });
  });

  it("refuses an unknown GGUF version", async () => {
    const bytes = Buffer.from(model);
    bytes.writeUInt32LE(99, 4);
    await expect(checkGgufFile(await fileWith("v99.gguf", bytes))).rejects.toMatchObject({
      kind: "invalid-file",
    });
  });
});
