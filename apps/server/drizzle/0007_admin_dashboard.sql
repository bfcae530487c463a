-- Custom SQL migration file, put your code below! --
-- The terms of a feedback comment for the word cloud and the feedback table's word filter (see
-- src/dashboard/comment-terms.ts): runs of letters and digits, lower-cased, at least two
-- characters and not only digits, English plurals folded by simple rules (an "s" after an
-- accented letter stays: "très"), each term once. Written by
-- hand: Drizzle does not declare functions.
CREATE FUNCTION "feedback_comment_terms"("comment" text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT
AS $$
  SELECT coalesce(array_agg(DISTINCT term ORDER BY term), '{}')
  FROM (
    SELECT CASE
      WHEN token = ANY (ARRAY['always', 'perhaps', 'does', 'sometimes', 'towards', 'news',
        'series', 'bias', 'alias', 'canvas', 'atlas', 'kudos', 'chaos', 'lens', 'ios', 'macos'])
        THEN token
      WHEN token ~ '..ies$' THEN regexp_replace(token, 'ies$', 'y')
      WHEN token ~ '..(ss|sh|ch|x)es$' THEN regexp_replace(token, 'es$', '')
      WHEN token ~ '..[a-hj-rtv-z]s$' THEN regexp_replace(token, 's$', '')
      ELSE token
    END AS term
    FROM regexp_split_to_table(lower("comment"), '[^[:alnum:]]+') AS token
    WHERE length(token) > 1 AND token !~ '^[0-9]+$'
  ) AS terms
$$;--> statement-breakpoint
-- Computed by the database on every insert and edit; left out of the Drizzle schema so the
-- arrays are read only by the dashboard's SQL.
ALTER TABLE "feedback" ADD COLUMN "comment_terms" text[] GENERATED ALWAYS AS (feedback_comment_terms("comment")) STORED;--> statement-breakpoint
CREATE INDEX "feedback_comment_terms_idx" ON "feedback" USING gin ("comment_terms");
