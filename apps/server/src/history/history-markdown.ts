import type { THistoryItem } from "@codegenie/shared";

/** Who the export is for and when it was made. */
export interface MarkdownExportHeader {
  username: string;
  exportedAt: string;
}

/**
 * A code fence that the text cannot close: one backtick longer than the longest run of
 * backticks inside it, and never shorter than three.
 */
export function fenceFor(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longestRun + 1));
}

/** `text` inside a fence it cannot break out of, with an optional info string (language). */
export function fenced(text: string, info = ""): string {
  const fence = fenceFor(text);
  return `${fence}${info}\n${text}\n${fence}`;
}

const KIND_TITLES = { generate: "Generate", explain: "Explain" } as const;

/** The user's history as one readable Markdown document, one section per row, oldest first. */
export function historyToMarkdown(items: THistoryItem[], header: MarkdownExportHeader): string {
  const parts = [
    `# CodeGenie history of ${header.username}`,
    `Exported ${header.exportedAt} — ${items.length} ${items.length === 1 ? "entry" : "entries"}.`,
    ...items.map((item, index) => sectionOf(item, index + 1)),
  ];
  return `${parts.join("\n\n")}\n`;
}

function sectionOf(item: THistoryItem, number: number): string {
  const facts = [
    `- **Kind:** ${item.kind}`,
    `- **Model:** ${item.model}`,
    `- **Date:** ${item.createdAt}`,
    `- **Status:** ${item.status}${item.error ? ` (${item.error.code}: ${oneLine(item.error.message)})` : ""}`,
  ];
  if (item.language) facts.push(`- **Language:** ${item.language}`);
  if (item.style) facts.push(`- **Style:** ${item.style}`);
  if (item.conversationId) facts.push(`- **Conversation:** ${item.conversationId}`);
  if (item.feedback) {
    const sentiment = item.feedback.sentiment
      ? `, comment ${item.feedback.sentiment.label} (${item.feedback.sentiment.compound})`
      : "";
    facts.push(`- **Rating:** ${item.feedback.rating}/5${sentiment}`);
  }
  const language = item.language && item.language !== "auto" ? item.language : "";
  const sections = [
    `## ${number}. ${KIND_TITLES[item.kind]} — ${item.model} — ${item.createdAt}`,
    facts.join("\n"),
    item.kind === "explain" ? "### Code" : "### Prompt",
    fenced(item.prompt, item.kind === "explain" ? language : "text"),
    "### Answer",
    item.answer === "" ? "_(no answer)_" : fenced(item.answer, "markdown"),
  ];
  if (item.feedback?.comment) sections.push("### Feedback", fenced(item.feedback.comment, "text"));
  return sections.join("\n\n");
}

/** Error messages go on one line of the list. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
