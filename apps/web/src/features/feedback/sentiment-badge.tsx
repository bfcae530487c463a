import type { TSentiment } from "@codegenie/shared";
import { Badge, Tooltip } from "@mantine/core";

const COLORS: Record<TSentiment["label"], string> = {
  positive: "green",
  neutral: "gray",
  negative: "red",
};

/** Formats a VADER compound score with its sign, e.g. "+0.62" or "−0.31". */
export function formatCompound(compound: number): string {
  const rounded = compound.toFixed(2);
  return compound > 0 ? `+${rounded}` : rounded.replace("-", "−");
}

/** The comment's sentiment as a word; the compound score (−1…+1) is in the tooltip. */
export function SentimentBadge({ sentiment }: { sentiment: TSentiment }) {
  const score = formatCompound(sentiment.compound);
  return (
    <Tooltip label={`Sentiment score ${score} (from −1 to +1)`} withArrow>
      <Badge
        variant="light"
        color={COLORS[sentiment.label]}
        tabIndex={0}
        aria-label={`Comment sentiment: ${sentiment.label}, score ${score}`}
        data-testid="sentiment-label"
      >
        {sentiment.label}
      </Badge>
    </Tooltip>
  );
}
