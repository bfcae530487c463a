import { FEEDBACK_COMMENT_MAX_CHARS, type TFeedback } from "@codegenie/shared";
import { Button, Group, Paper, Rating, Stack, Text, Textarea } from "@mantine/core";
import { type FormEvent, useId, useState } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { toApiError } from "../../lib/api/api-error";
import { useSaveFeedback } from "./feedback-api";
import { SentimentBadge } from "./sentiment-badge";

/** Props of {@link RatingWidget}. */
export interface RatingWidgetProps {
  /** The answer's history id. */
  queryId: string;
  /** The feedback already saved for it, or null. */
  feedback: TFeedback | null;
}

const starLabel = (index: number) => `${index} star${index === 1 ? "" : "s"}`;

/**
 * Rate an answer: one to five stars and an optional comment, saved with `POST /api/feedback`.
 * Once saved it shows the rating and the comment's sentiment (the compound score in a tooltip),
 * and Edit opens the form again. The stars are radio buttons: Tab reaches them, arrows choose.
 * Give it `key={queryId}` where the answer shown can change.
 */
export function RatingWidget({ queryId, feedback }: RatingWidgetProps) {
  const [saved, setSaved] = useState<TFeedback | null>(feedback);
  const [isEditing, setIsEditing] = useState(feedback === null);
  const [rating, setRating] = useState(feedback?.rating ?? 0);
  const [comment, setComment] = useState(feedback?.comment ?? "");
  const save = useSaveFeedback();
  const labelId = useId();

  if (saved && !isEditing) {
    return (
      <Group gap="sm" wrap="wrap" aria-label="Your rating" role="group">
        <Text size="sm" c="dimmed">
          Your rating
        </Text>
        <Rating
          value={saved.rating}
          readOnly
          size="sm"
          role="img"
          aria-label={starLabel(saved.rating)}
        />
        {saved.sentiment && <SentimentBadge sentiment={saved.sentiment} />}
        {saved.comment && (
          <Text size="sm" fs="italic" style={{ overflowWrap: "anywhere" }}>
            “{saved.comment}”
          </Text>
        )}
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => {
            setRating(saved.rating);
            setComment(saved.comment ?? "");
            setIsEditing(true);
          }}
        >
          Edit rating
        </Button>
      </Group>
    );
  }

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (rating < 1 || save.isPending) return;
    const trimmed = comment.trim();
    save.mutate(
      { queryId, rating, ...(trimmed ? { comment: trimmed } : {}) },
      {
        onSuccess: (result) => {
          setSaved(result);
          setIsEditing(false);
        },
      },
    );
  };

  return (
    <Paper
      component="form"
      onSubmit={handleSubmit}
      noValidate
      withBorder
      p="sm"
      aria-labelledby={labelId}
    >
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <Text id={labelId} size="sm" fw={500}>
            Rate this answer
          </Text>
          <Rating
            value={rating}
            onChange={setRating}
            getSymbolLabel={starLabel}
            role="radiogroup"
            aria-label="Rating"
            name={`rating-${queryId}`}
          />
        </Group>
        <Textarea
          label="Comment (optional)"
          placeholder="What was good or wrong about it?"
          autosize
          minRows={1}
          maxRows={6}
          maxLength={FEEDBACK_COMMENT_MAX_CHARS}
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
        />
        {save.isError && <ErrorAlert error={toApiError(save.error)} />}
        <Group gap="sm" justify="flex-end">
          {saved && (
            <Button variant="default" size="xs" onClick={() => setIsEditing(false)}>
              Cancel
            </Button>
          )}
          <Button type="submit" size="xs" loading={save.isPending} disabled={rating < 1}>
            Save rating
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
