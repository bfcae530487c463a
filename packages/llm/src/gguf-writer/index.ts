/**
 * Writes small random-weight GGUF models that the real llama.cpp engine loads, for tests and
 * benchmarks (there is no model hub here). `npm run make-test-model -- --help` is the CLI.
 */
export { TENSOR_TYPES, type TensorType } from "./ggml-types";
export { GGUF_WRITER_VERSION } from "./metadata";
export {
  MODEL_SHAPE_NAMES,
  MODEL_SHAPES,
  type ModelShape,
  type ModelShapeName,
} from "./model-shapes";
export { SPECIAL_TOKENS } from "./vocabulary";
export {
  type WriteTestModelOptions,
  type WrittenTestModel,
  writeTestModel,
} from "./write-test-model";
