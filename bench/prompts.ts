import { generateInstruction } from "../apps/server/src/generation/generate-instructions";
import { formatPrompt, promptText } from "../packages/llm/src/prompt-formats/prompt-formats";

/** Words of a code request, repeated to make prompts of any length. */
const FILLER =
  "Write a Python function that reads a CSV file of orders, groups them by customer, sums the " +
  "amounts, skips rows with a missing amount, and returns the ten largest customers sorted by " +
  "total; add type hints, a docstring and unit tests with pytest for empty files and bad rows. ";

let promptCounter = 0;

/**
 * A prompt of about `tokenCount` tokens (BOS included) that starts with a number no other prompt of
 * this run has: a sequence reuses the KV cache of a previous prompt's common beginning, which
 * would make prompt processing look faster than it is.
 */
export function makePrompt(tokenize: (text: string) => number[], tokenCount: number): string {
  promptCounter += 1;
  const head = `${promptCounter * 7919} `;
  const words = FILLER.repeat(Math.ceil(tokenCount / 8) + 1).split(" ");
  // The longest prefix of the words that fits, found by bisection (tokenizing is cheap).
  let fits = 0;
  let tooLong = words.length + 1;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    const text = head + words.slice(0, middle).join(" ");
    if (tokenize(text).length + 1 <= tokenCount) fits = middle;
    else tooLong = middle;
  }
  return head + words.slice(0, fits).join(" ");
}

/**
 * The text CodeGenie's engine evaluates for a prompt sent to `POST /api/generate`: its system
 * instruction first (about 155 tokens), then the prompt (raw format: parts joined by blank
 * lines). The direct side of a comparison evaluates the same, so both reuse the instruction's
 * tokens from the KV cache of the request before and evaluate the same new tokens (comparing the
 * bare prompt with the server's longer one made the ratios meaningless).
 */
export function asServerPrompt(prompt: string): string {
  return promptText(
    formatPrompt("raw", {
      system: generateInstruction(),
      messages: [{ role: "user", content: prompt }],
    }),
  );
}
