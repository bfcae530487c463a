/**
 * Model downloads from a Hugging Face hub (or a mirror) with resume and verification, and the
 * GGUF check every local model file passes before it is used. The local hub for tests is
 * `@codegenie/llm/download/testing`.
 */
export { checkGgufFile, type GgufFileSummary } from "./gguf-file-check";
export {
  type DownloadProgress,
  downloadFromHf,
  type HfDownloadOptions,
  type HfDownloadResult,
  hfResolveUrl,
} from "./hf-download";
