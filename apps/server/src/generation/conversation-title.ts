/** Longest conversation title made from a prompt, in characters. */
export const CONVERSATION_TITLE_MAX_CHARS = 80;

/**
 * A new conversation's title: the first prompt's first non-blank line, white space collapsed,
 * cut at a word boundary with an ellipsis when longer than {@link CONVERSATION_TITLE_MAX_CHARS}.
 */
export function conversationTitle(prompt: string): string {
  const firstLine = prompt.split("\n").find((line) => line.trim() !== "") ?? "";
  const line = firstLine.replace(/\s+/g, " ").trim();
  if (line.length <= CONVERSATION_TITLE_MAX_CHARS) return line === "" ? "New conversation" : line;
  const cut = line.slice(0, CONVERSATION_TITLE_MAX_CHARS - 1);
  const lastSpace = cut.lastIndexOf(" ");
  const atWord = lastSpace >= CONVERSATION_TITLE_MAX_CHARS / 2 ? cut.slice(0, lastSpace) : cut;
  return `${atWord.trimEnd()}…`;
}
