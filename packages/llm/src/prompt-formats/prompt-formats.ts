import type { TPromptFormat } from "@codegenie/shared";
import type { Conversation } from "../engine/engine-types";

/**
 * A piece of a prompt. `template` pieces are the model's own markup and may contain its special
 * tokens (`<start_of_turn>`); `user` pieces are text people wrote (the system instruction, the
 * user's messages and the model's earlier answers) and are tokenized as plain text, so nobody can
 * inject control tokens through a prompt.
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

/**
 * Writes a conversation the way each model was trained to read it, following the chat template
 * the model publishes (see prompt-formats.test.ts, which renders those templates). Every turn is
 * written, so follow-up questions see the earlier answers; the last message is the user's and
 * the prompt ends where the model's answer begins. The beginning-of-text token is not part of the
 * prompt: the engine adds it when the model's tokenizer asks for it.
 */
export function formatPrompt(format: TPromptFormat, conversation: Conversation): FormattedPrompt {
  switch (format) {
    case "gemma":
      return gemma(conversation);
    case "deepseek-coder":
      return deepseekCoder(conversation);
    case "phi-2":
      return phi2(conversation);
    case "chatml":
      return chatml(conversation);
    case "llama-3":
      return llama3(conversation);
    case "raw":
      return raw(conversation);
  }
}

/** The prompt as one string (for logs and tests). */
export function promptText(prompt: FormattedPrompt): string {
  return prompt.parts.map((part) => part.text).join("");
}

/**
 * Gemma (google/gemma-2b-it): `<start_of_turn>user|model` turns, content trimmed as its template
 * does. Gemma has no system role; as Gemma's own guidance (and Gemma 3's template) does, the
 * system text opens the first user turn, followed by a blank line.
 */
function gemma({ system, messages }: Conversation): FormattedPrompt {
  const prompt = new PromptWriter();
  messages.forEach((message, index) => {
    const content = index === 0 && system ? `${system}\n\n${message.content}` : message.content;
    const role = message.role === "user" ? "user" : "model";
    prompt.template(`<start_of_turn>${role}\n`).user(content.trim()).template("<end_of_turn>\n");
  });
  prompt.template("<start_of_turn>model\n");
  return prompt.done(["<end_of_turn>"]);
}

/**
 * DeepSeek-Coder-instruct: the system preamble (its default one unless the conversation brings
 * its own), then `### Instruction:` / `### Response:` turns, each answer ended by `<|EOT|>`. Its
 * template writes a custom system text with no line break before the first `### Instruction:`;
 * we add one, so the header starts its own line as it does after the default preamble.
 */
function deepseekCoder({ system, messages }: Conversation): FormattedPrompt {
  const prompt = new PromptWriter();
  if (system) prompt.user(system.endsWith("\n") ? system : `${system}\n`);
  else prompt.template(`${DEEPSEEK_CODER_SYSTEM_PROMPT}\n`);
  for (const message of messages) {
    if (message.role === "user") prompt.template("### Instruction:\n").user(message.content);
    else prompt.template("### Response:\n").user(message.content).template("\n<|EOT|>");
    prompt.template("\n");
  }
  prompt.template("### Response:\n");
  return prompt.done(["<|EOT|>", "\n### Instruction:"]);
}

/**
 * Phi-2 (no chat template; its model card's QA format): `Instruct: …\nOutput: …` turns, the
 * system text on its own line first.
 */
function phi2({ system, messages }: Conversation): FormattedPrompt {
  const prompt = new PromptWriter();
  if (system) prompt.user(system).template("\n");
  for (const message of messages) {
    if (message.role === "user") prompt.template("Instruct: ").user(message.content);
    else prompt.template("\nOutput: ").user(message.content).template("\n");
  }
  prompt.template("\nOutput:");
  return prompt.done(["\nInstruct:", "<|endoftext|>"]);
}

/** ChatML (Qwen, OpenHermes, Yi…): `<|im_start|>role\n…<|im_end|>\n` for every message. */
function chatml({ system, messages }: Conversation): FormattedPrompt {
  const prompt = new PromptWriter();
  const turn = (role: string, content: string) =>
    prompt.template(`<|im_start|>${role}\n`).user(content).template("<|im_end|>\n");
  if (system) turn("system", system);
  for (const message of messages) turn(message.role, message.content);
  prompt.template("<|im_start|>assistant\n");
  return prompt.done(["<|im_end|>"]);
}

/**
 * Llama 3 instruct: a header per message, content trimmed as its template does, `<|eot_id|>` at
 * the end of each; `<|begin_of_text|>` is the model's BOS token, which the engine adds.
 */
function llama3({ system, messages }: Conversation): FormattedPrompt {
  const prompt = new PromptWriter();
  const header = (role: string) => `<|start_header_id|>${role}<|end_header_id|>\n\n`;
  const turn = (role: string, content: string) =>
    prompt.template(header(role)).user(content.trim()).template("<|eot_id|>");
  if (system) turn("system", system);
  for (const message of messages) turn(message.role, message.content);
  prompt.template(header("assistant"));
  return prompt.done(["<|eot_id|>"]);
}

/** No markup, for base models: the system text and the messages, a blank line apart. */
function raw({ system, messages }: Conversation): FormattedPrompt {
  const texts = [...(system ? [system] : []), ...messages.map((message) => message.content)];
  const prompt = new PromptWriter();
  texts.forEach((text, index) => {
    if (index > 0) prompt.user("\n\n");
    prompt.user(text);
  });
  return prompt.done([]);
}

/**
 * Collects prompt parts, joining neighbours of the same kind (so markup like
 * `<end_of_turn>\n<start_of_turn>model\n` is tokenized as one piece) and leaving out empty ones.
 */
class PromptWriter {
  readonly #parts: PromptPart[] = [];

  template(text: string): this {
    return this.#add("template", text);
  }

  user(text: string): this {
    return this.#add("user", text);
  }

  done(stopSequences: string[]): FormattedPrompt {
    return { parts: this.#parts, stopSequences };
  }

  #add(kind: PromptPart["kind"], text: string): this {
    if (text === "") return this;
    const last = this.#parts.at(-1);
    if (last?.kind === kind) last.text += text;
    else this.#parts.push({ kind, text });
    return this;
  }
}
