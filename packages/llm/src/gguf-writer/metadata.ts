import { DEEPSEEK_CODER_CHAT_TEMPLATE } from "./chat-template";
import { FILE_TYPE, type TensorType } from "./ggml-types";
import { GGUF_ALIGNMENT, type GgufKeyValue } from "./gguf-header";
import type { ModelShape } from "./model-shapes";
import type { SteeringOptions } from "./tensor-plan";
import type { Vocabulary } from "./vocabulary";

/**
 * Version of the writer's output. Bump it whenever the bytes written for the same options change,
 * so cached test models (test/global-setup.ts) are regenerated. Stored as `codegenie.writer_version`.
 */
export const GGUF_WRITER_VERSION = 1;

/** Everything the metadata depends on. */
export interface MetadataInput {
  shape: ModelShape;
  type: TensorType;
  seed: number;
  vocabulary: Vocabulary;
  steering: SteeringOptions;
}

/** The metadata key/values of a generated model, in the order llama.cpp's converter writes them. */
export function buildMetadata({
  shape,
  type,
  seed,
  vocabulary,
  steering,
}: MetadataInput): GgufKeyValue[] {
  const u32 = (key: string, value: number): GgufKeyValue => ({
    key,
    value: { type: "u32", value },
  });
  const f32 = (key: string, value: number): GgufKeyValue => ({
    key,
    value: { type: "f32", value },
  });
  const str = (key: string, value: string): GgufKeyValue => ({
    key,
    value: { type: "string", value },
  });
  const bool = (key: string, value: boolean): GgufKeyValue => ({
    key,
    value: { type: "bool", value },
  });

  const metadata: GgufKeyValue[] = [
    str("general.architecture", "llama"),
    str("general.name", shape.name),
    u32("general.alignment", GGUF_ALIGNMENT),
    u32("general.file_type", FILE_TYPE[type]),
    u32("llama.context_length", shape.contextLength),
    u32("llama.embedding_length", shape.embeddingLength),
    u32("llama.block_count", shape.blockCount),
    u32("llama.feed_forward_length", shape.feedForwardLength),
    u32("llama.attention.head_count", shape.headCount),
    u32("llama.attention.head_count_kv", shape.headCountKv),
    f32("llama.attention.layer_norm_rms_epsilon", shape.rmsNormEpsilon),
    u32("llama.rope.dimension_count", shape.embeddingLength / shape.headCount),
    f32("llama.rope.freq_base", shape.ropeFreqBase),
    u32("llama.vocab_size", shape.vocabularySize),
  ];
  if (shape.ropeLinearScalingFactor !== undefined) {
    metadata.push(
      str("llama.rope.scaling.type", "linear"),
      f32("llama.rope.scaling.factor", shape.ropeLinearScalingFactor),
    );
  }
  if (type !== "f16") metadata.push(u32("general.quantization_version", 2));
  metadata.push(
    str("tokenizer.ggml.model", "gpt2"),
    str("tokenizer.ggml.pre", "deepseek-coder"),
    { key: "tokenizer.ggml.tokens", value: { type: "string[]", value: vocabulary.tokens } },
    { key: "tokenizer.ggml.token_type", value: { type: "i32[]", value: vocabulary.tokenTypes } },
    { key: "tokenizer.ggml.merges", value: { type: "string[]", value: vocabulary.merges } },
    u32("tokenizer.ggml.bos_token_id", vocabulary.bosId),
    u32("tokenizer.ggml.eos_token_id", vocabulary.eosId),
    u32("tokenizer.ggml.padding_token_id", vocabulary.padId),
    bool("tokenizer.ggml.add_bos_token", true),
    bool("tokenizer.ggml.add_eos_token", false),
    str("tokenizer.chat_template", DEEPSEEK_CODER_CHAT_TEMPLATE),
    // Our own keys (llama.cpp ignores unknown ones): how this file was made, for cache checks.
    u32("codegenie.writer_version", GGUF_WRITER_VERSION),
    u32("codegenie.seed", seed),
    bool("codegenie.suppress_end_of_generation", steering.suppressEndOfGeneration),
    bool("codegenie.printable_output", steering.printableOutput),
  );
  return metadata;
}
