/**
 * `npm run make-test-model -- --shape tiny --type q8_0 --out data/models/tiny.gguf`: writes a
 * random-weight GGUF model. Exit codes: 0 written, 1 the write failed, 2 bad options.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { TENSOR_TYPES, type TensorType } from "./ggml-types";
import { MODEL_SHAPE_NAMES, type ModelShapeName } from "./model-shapes";
import { writeTestModel } from "./write-test-model";

const USAGE = `Usage: npm run make-test-model -- --out <file.gguf> [options]

Writes a random-weight llama model (real GGUF v3 layout and tokenizer) for tests and benchmarks.

  --out <path>    file to write; a relative path is relative to where npm was run (required)
  --shape <name>  ${MODEL_SHAPE_NAMES.join(" | ")} (default tiny)
  --type <type>   ${TENSOR_TYPES.join(" | ")}: type of the weight matrices (default q8_0)
  --seed <n>      PRNG seed, an integer 0…4294967295; the same seed gives the same bytes (default 1)
  --help          show this help`;

// Smaller models are written in about a second, so progress would only be noise in logs.
const PROGRESS_MIN_BYTES = 50 * 1024 * 1024;

const OPTIONS = {
  shape: { type: "string", default: "tiny" },
  type: { type: "string", default: "q8_0" },
  out: { type: "string" },
  seed: { type: "string", default: "1" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** The writer's options, or undefined for --help; every error it throws is a usage error. */
function parseOptions(args: string[]) {
  // node:util's errors name the option too ("Unknown option '--typo'").
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) return undefined;
  if (!(MODEL_SHAPE_NAMES as string[]).includes(values.shape)) {
    throw new Error(
      `--shape must be one of ${MODEL_SHAPE_NAMES.join(", ")}, got "${values.shape}"`,
    );
  }
  if (!(TENSOR_TYPES as readonly string[]).includes(values.type)) {
    throw new Error(`--type must be one of ${TENSOR_TYPES.join(", ")}, got "${values.type}"`);
  }
  if (!values.out) throw new Error("--out is required");
  const seed = Number(values.seed);
  if (!/^\d+$/.test(values.seed) || seed > 0xffff_ffff) {
    throw new Error(`--seed must be an integer 0…4294967295, got "${values.seed}"`);
  }
  // `npm run -w` runs scripts in the package folder; INIT_CWD is where the user ran npm.
  const outPath = path.resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
  return { shape: values.shape as ModelShapeName, type: values.type as TensorType, seed, outPath };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`make-test-model: ${message.split("\n")[0]} (see --help)`);
    return 2;
  }
  if (options === undefined) {
    console.log(USAGE);
    return 0;
  }
  const isTty = process.stderr.isTTY === true;
  let shownPercent = -1;
  const written = await writeTestModel({
    ...options,
    onProgress(writtenBytes, totalBytes) {
      if (!isTty && totalBytes < PROGRESS_MIN_BYTES) return;
      // A terminal line is redrawn in place; a log gets one line per 10 % instead of a hundred.
      const step = isTty ? 1 : 10;
      const percent = Math.floor((writtenBytes / totalBytes) * (100 / step)) * step;
      if (percent === shownPercent) return;
      shownPercent = percent;
      process.stderr.write(isTty ? `\rwriting… ${percent}%` : `writing… ${percent}%\n`);
    },
  });
  if (isTty && shownPercent >= 0) process.stderr.write("\n");
  const mebibytes = written.bytes / 1024 ** 2;
  const size = mebibytes < 1 ? `${Math.ceil(mebibytes * 1024)} KiB` : `${mebibytes.toFixed(1)} MiB`;
  console.log(`wrote ${written.path} (${size})`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`make-test-model: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
