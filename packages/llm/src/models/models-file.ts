import { readFile } from "node:fs/promises";
import path from "node:path";
import { ZModelId, ZModelTask, ZPromptFormat } from "@codegenie/shared";
import { z } from "zod";
import { builtInModels } from "./built-in-models";
import type { ModelDefinition, ModelSource } from "./model-definition";

const ZSource = z.union([
  z.object({ file: z.string().min(1) }).strict(),
  z
    .object({
      hf: z.object({
        repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "use owner/name"),
        file: z.string().min(1),
        revision: z.string().min(1).default("main"),
      }),
    })
    .strict(),
  z
    .object({
      openai: z.object({
        baseUrls: z.array(z.url({ protocol: /^https?$/ })).min(1),
        model: z.string().min(1),
        apiKeyEnv: z
          .string()
          .regex(/^[A-Z_][A-Z0-9_]*$/)
          .optional(),
        // Default 8 per base URL, applied by the engine (DEFAULT_REQUESTS_PER_BASE_URL).
        maxConcurrentRequests: z.int().min(1).optional(),
      }),
    })
    .strict(),
]);

/** One entry of the models file; only id, name, promptFormat and source are required. */
const ZModelsFileEntry = z.object({
  id: ZModelId,
  name: z.string().trim().min(1),
  promptFormat: ZPromptFormat,
  description: z.string().default(""),
  task: ZModelTask.default("general"),
  contextSize: z.int().min(256).default(4096),
  defaultSampling: z
    .object({ temperature: z.number().min(0).max(2), topP: z.number().gt(0).max(1) })
    .default({ temperature: 0.2, topP: 0.95 }),
  useMmap: z.boolean().optional(),
  flashAttention: z.boolean().optional(),
  source: ZSource,
});

/** The models file: `{ "models": [ … ] }`, ids unique. */
export const ZModelsFile = z.object({
  models: z
    .array(ZModelsFileEntry)
    .min(1)
    .refine((models) => new Set(models.map((model) => model.id)).size === models.length, {
      message: "model ids must be unique",
    }),
});
export type TModelsFile = z.infer<typeof ZModelsFile>;

/** The models file exists but cannot be used; the message says where and what. */
export class ModelsFileError extends Error {
  override name = "ModelsFileError";
}

/** Where to find the models. */
export interface ModelRegistryOptions {
  /** Absolute path of the models file; when it does not exist the built-in models are used. */
  modelsFile: string;
  /** Folder of the built-in models' files. */
  modelsDir: string;
}

/**
 * Reads the models file, resolving relative `file` paths against the file's folder. With no
 * models file, returns the built-in models. Throws ModelsFileError for bad JSON or entries.
 */
export async function loadModelRegistry(options: ModelRegistryOptions): Promise<ModelDefinition[]> {
  let text: string;
  try {
    text = await readFile(options.modelsFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return builtInModels(options.modelsDir);
    throw error;
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelsFileError(
      `${options.modelsFile} is not valid JSON: ${(error as Error).message}`,
    );
  }
  const parsed = ZModelsFile.safeParse(json);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error.issues, []).map((line) => `  ${line}`);
    throw new ModelsFileError(
      `${options.modelsFile} is not a valid models file:\n${problems.join("\n")}`,
    );
  }
  const folder = path.dirname(options.modelsFile);
  return parsed.data.models.map(({ source, useMmap, flashAttention, ...model }) => ({
    ...model,
    source: resolveSource(source, folder, options.modelsDir, model.id),
    runtime: { useMmap, flashAttention },
  }));
}

/**
 * One line per issue: `path: message`. A source that fits none of the kinds is explained by the
 * kind whose key it uses (the one branch that does not reject its keys), not as "Invalid input".
 */
function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[]): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union") {
      const matching = issue.errors.filter(
        (branch) => !branch.some((inner) => inner.code === "unrecognized_keys"),
      );
      if (matching.length === 1 && matching[0]) return describeIssues(matching[0], path);
    }
    return [`${path.map(String).join(".") || "(file)"}: ${issue.message}`];
  });
}

function resolveSource(
  source: z.infer<typeof ZSource>,
  folder: string,
  modelsDir: string,
  id: string,
): ModelSource {
  if ("file" in source) return { kind: "file", file: path.resolve(folder, source.file) };
  if ("hf" in source) {
    return { kind: "hf", ...source.hf, localFile: path.join(modelsDir, `${id}.gguf`) };
  }
  return { kind: "openai", ...source.openai };
}
