import type { TPromptFormat } from "@codegenie/shared";
import type { Conversation } from "../engine/engine-types";

/**
 * A piece of a prompt. `template` pieces are the model's own markup and may contain its special
 * tokens (`<start_of_turn>`); `user` pieces are what a person typed and are tokenized as plain
 * text, so nobody can inject control tokens through a prompt.
 */
export interface PromptPart {
  kind: "template" | "user";
  text: string;
}

/** A prompt written in one model's format, with the strings that end its answer. */
export interface FormattedPrompt {
  parts: PromptPart[];
  /** Text that ends the answer when the model writes it (besides its end-of-generation tokens). */
  stopSequences: string[];
}

/** DeepSeek-Coder-instruct's system preamble, verbatim from its chat template (sic). */
export const DEEPSEEK_CODER_SYSTEM_PROMPT =
  "You are an AI programming assistant, utilizing the Deepseek Coder model, developed by Deepseek Company, and you only answer questions related to computer science. For politically sensitive questions, security and privacy issues, and other non-computer science questions, you will refuse to answer";

const template = (text: string): PromptPart => ({ kind: "template", text });
const user = (text: string): PromptPart => ({ kind: "user", text });

/**
 * Writes a single-turn prompt the way each model was trained to read it. The beginning-of-text
 * token is not part of the prompt: the engine adds it when the model's tokenizer asks for it.
 */
export function formatPrompt(format: TPromptFormat, conversation: Conversation): FormattedPrompt {
  const input = { prompt: conversation.messages.at(-1)?.content ?? "" };
  switch (format) {
    case "gemma":
      return {
        parts: [
          template("<start_of_turn>user\n"),
          user(input.prompt),
          template("<end_of_turn>\n<start_of_turn>model\n"),
        ],
        stopSequences: ["<end_of_turn>"],
      };
    case "deepseek-coder":
      return {
        parts: [
          template(`${DEEPSEEK_CODER_SYSTEM_PROMPT}\n### Instruction:\n`),
          user(input.prompt),
          template("\n### Response:\n"),
        ],
        stopSequences: ["<|EOT|>", "\n### Instruction:"],
      };
    case "phi-2":
      return {
        parts: [template("Instruct: "), user(input.prompt), template("\nOutput:")],
        stopSequences: ["<|endoftext|>", "\nInstruct:"],
      };
    case "chatml":
    case "llama-3":
    case "raw":
      return { parts: [user(input.prompt)], stopSequences: [] };
  }
}

/** The prompt as one string (for logs and tests). */
export function promptText(prompt: FormattedPrompt): string {
  return prompt.parts.map((part) => part.text).join("");
}
