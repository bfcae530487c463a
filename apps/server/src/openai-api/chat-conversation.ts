import type { ChatMessage, Conversation } from "@codegenie/llm";
import type { TChatMessage } from "@codegenie/shared";
import { AppError } from "../errors";

/**
 * OpenAI chat messages as the engine's conversation: system (and developer) messages, wherever
 * they are, joined into one system instruction; consecutive turns of one role merged, since
 * most prompt formats expect user and assistant to alternate. The last turn must be the user's.
 * Throws 400 `request.invalid` naming `messages` otherwise.
 */
export function toConversation(messages: readonly TChatMessage[]): Conversation {
  const system: string[] = [];
  const turns: ChatMessage[] = [];
  for (const message of messages) {
    const text = contentText(message.content);
    if (message.role === "system" || message.role === "developer") {
      if (text !== "") system.push(text);
      continue;
    }
    const previous = turns.at(-1);
    if (previous?.role === message.role) previous.content = `${previous.content}\n\n${text}`;
    else turns.push({ role: message.role, content: text });
  }
  const last = turns.at(-1);
  if (last?.role !== "user") {
    throw invalidMessages("The last message (besides system messages) must be the user's.");
  }
  if (last.content.trim() === "") throw invalidMessages("The last user message is empty.");
  return { system: system.length > 0 ? system.join("\n\n") : undefined, messages: turns };
}

/** The text of a message: a string, or its text parts joined by new lines. */
function contentText(content: TChatMessage["content"]): string {
  if (content === null) return "";
  if (typeof content === "string") return content;
  return content.map((part) => part.text).join("\n");
}

function invalidMessages(message: string): AppError {
  return new AppError("request.invalid", message, {
    fields: [{ field: "body.messages", message }],
  });
}
