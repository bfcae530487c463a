import type { THighlightedText } from "@codegenie/shared";
import { Text, type TextProps } from "@mantine/core";

/**
 * Search-result text with the matched words marked. The server sends parts, never HTML, and each
 * part is rendered as text, so nothing in people's prompts or comments can inject markup.
 */
export function HighlightedText({ parts, ...props }: { parts: THighlightedText } & TextProps) {
  return (
    <Text {...props}>
      {parts.map((part, index) =>
        part.isMatch ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts have no identity but their order.
          <mark key={index}>{part.text}</mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts have no identity but their order.
          <span key={index}>{part.text}</span>
        ),
      )}
    </Text>
  );
}
