// Values that test/global-setup.ts provides to tests through vitest's `inject()`. Workspace
// tsconfigs include this file so `inject("tinyModelPath")` is typed as a string everywhere.
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** Absolute path of the generated tiny q8_0 test model (seed 1). */
    tinyModelPath: string;
    /** Absolute path of a larger generated model that streams slowly enough to press Stop. */
    streamingModelPath: string;
  }
}
