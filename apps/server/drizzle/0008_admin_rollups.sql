CREATE TABLE "feedback_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"model_id" text NOT NULL,
	"rating" smallint NOT NULL,
	"sentiment_label" text NOT NULL,
	"ratings" integer NOT NULL,
	"comments" integer NOT NULL,
	"compound_sum" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "latency_daily" (
	"day" timestamp with time zone NOT NULL,
	"model_id" text NOT NULL,
	"metric" text NOT NULL,
	"bin" smallint NOT NULL,
	"answers" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"model_id" text NOT NULL,
	"language" text NOT NULL,
	"blocks" integer NOT NULL,
	"syntax_checked" integer NOT NULL,
	"syntax_valid" integer NOT NULL,
	"executed" integer NOT NULL,
	"execution_succeeded" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"model_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"queries" integer NOT NULL,
	"timed_tokens" bigint NOT NULL,
	"timed_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_stats" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"query_count" integer DEFAULT 0 NOT NULL,
	"last_query_at" timestamp with time zone,
	"feedback_count" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_stats" ADD CONSTRAINT "user_stats_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_hourly_key_idx" ON "feedback_hourly" USING btree ("hour","model_id","rating","sentiment_label");--> statement-breakpoint
CREATE UNIQUE INDEX "latency_daily_key_idx" ON "latency_daily" USING btree ("day","model_id","metric","bin");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_hourly_key_idx" ON "quality_hourly" USING btree ("hour","model_id","language");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_hourly_key_idx" ON "usage_hourly" USING btree ("hour","model_id","kind","status");--> statement-breakpoint
-- Written by hand from here on (Drizzle does not declare functions or triggers). Statement-level
-- triggers with transition tables: a bulk insert of 50 000 rows touches each rollup row once, not
-- 50 000 times. Every change to `generations`, `feedback` or `code_blocks` adds its new rows and
-- subtracts its old ones, so the rollups always equal an aggregate of the raw rows
-- (src/db/rollups.test.ts compares both after inserts, updates and deletes).
--
-- Feedback carries the model of its answer, a code block the hour and model of its answer (filled
-- on insert, left out of the Drizzle schema): when an answer is deleted they go by cascade, and
-- the rollups must still know where to subtract them.
ALTER TABLE "feedback" ADD COLUMN "rollup_model_id" text;
--> statement-breakpoint
UPDATE "feedback" AS f SET rollup_model_id = g.model_id FROM "generations" AS g WHERE g.id = f.generation_id;
--> statement-breakpoint
CREATE FUNCTION "feedback_fill_rollup_key"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT model_id INTO NEW.rollup_model_id FROM generations WHERE id = NEW.generation_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "feedback_fill_rollup_key" BEFORE INSERT ON "feedback"
  FOR EACH ROW EXECUTE FUNCTION "feedback_fill_rollup_key"();
--> statement-breakpoint
ALTER TABLE "code_blocks" ADD COLUMN "rollup_hour" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "code_blocks" ADD COLUMN "rollup_model_id" text;
--> statement-breakpoint
UPDATE "code_blocks" AS b SET rollup_hour = date_trunc('hour', g.created_at, 'UTC'), rollup_model_id = g.model_id
FROM "generations" AS g WHERE g.id = b.generation_id;
--> statement-breakpoint
CREATE FUNCTION "code_blocks_fill_rollup_key"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT date_trunc('hour', created_at, 'UTC'), model_id INTO NEW.rollup_hour, NEW.rollup_model_id
  FROM generations WHERE id = NEW.generation_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "code_blocks_fill_rollup_key" BEFORE INSERT ON "code_blocks"
  FOR EACH ROW EXECUTE FUNCTION "code_blocks_fill_rollup_key"();
--> statement-breakpoint
CREATE FUNCTION "user_stats_recount"(user_ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE user_stats AS s SET query_count = figures.query_count, last_query_at = figures.last_query_at
  FROM (
    SELECT id AS user_id,
      (SELECT count(*)::int FROM generations g WHERE g.user_id = ids.id) AS query_count,
      (SELECT max(created_at) FROM generations g WHERE g.user_id = ids.id) AS last_query_at
    FROM unnest(user_ids) AS ids(id)
  ) AS figures
  WHERE s.user_id = figures.user_id
$$;
--> statement-breakpoint
CREATE FUNCTION "generations_rollups_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_hourly AS u (hour, model_id, kind, status, queries, timed_tokens, timed_ms)
  SELECT date_trunc('hour', created_at, 'UTC'), model_id, kind, status, sum(sign)::int,
    coalesce(sum(sign * completion_tokens) FILTER (WHERE is_timed), 0),
    coalesce(sum(sign * duration_ms) FILTER (WHERE is_timed), 0)
  FROM (
    SELECT c.*, (c.status = 'completed' AND c.duration_ms > 0 AND c.completion_tokens IS NOT NULL) AS is_timed
    FROM (SELECT *, 1 AS sign FROM new_rows) AS c
  ) AS changes
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (hour, model_id, kind, status) DO UPDATE SET
    queries = u.queries + excluded.queries,
    timed_tokens = u.timed_tokens + excluded.timed_tokens,
    timed_ms = u.timed_ms + excluded.timed_ms;
  INSERT INTO latency_daily AS l (day, model_id, metric, bin, answers)
  SELECT date_trunc('day', c.created_at, 'UTC'), c.model_id, m.metric,
    round(ln(greatest(m.value, 1)) * 32)::smallint, sum(c.sign)::int
  FROM (SELECT *, 1 AS sign FROM new_rows) AS c
  CROSS JOIN LATERAL (VALUES ('latency', c.duration_ms), ('ttft', c.time_to_first_token_ms)) AS m(metric, value)
  WHERE c.status = 'completed' AND m.value IS NOT NULL
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (day, model_id, metric, bin) DO UPDATE SET answers = l.answers + excluded.answers;
  INSERT INTO user_stats AS s (user_id, query_count, last_query_at)
  SELECT user_id, count(*)::int, max(created_at) FROM new_rows
  WHERE user_id IS NOT NULL GROUP BY user_id
  ON CONFLICT (user_id) DO UPDATE SET
    query_count = s.query_count + excluded.query_count,
    last_query_at = greatest(s.last_query_at, excluded.last_query_at);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "generations_rollups_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_hourly AS u (hour, model_id, kind, status, queries, timed_tokens, timed_ms)
  SELECT date_trunc('hour', created_at, 'UTC'), model_id, kind, status, sum(sign)::int,
    coalesce(sum(sign * completion_tokens) FILTER (WHERE is_timed), 0),
    coalesce(sum(sign * duration_ms) FILTER (WHERE is_timed), 0)
  FROM (
    SELECT c.*, (c.status = 'completed' AND c.duration_ms > 0 AND c.completion_tokens IS NOT NULL) AS is_timed
    FROM (SELECT *, 1 AS sign FROM new_rows
      UNION ALL SELECT *, -1 AS sign FROM old_rows) AS c
  ) AS changes
  GROUP BY 1, 2, 3, 4
  -- Most updates change nothing counted (the check time of an answer): they write nothing.
  HAVING sum(sign) <> 0 OR coalesce(sum(sign * completion_tokens) FILTER (WHERE is_timed), 0) <> 0
    OR coalesce(sum(sign * duration_ms) FILTER (WHERE is_timed), 0) <> 0
  ON CONFLICT (hour, model_id, kind, status) DO UPDATE SET
    queries = u.queries + excluded.queries,
    timed_tokens = u.timed_tokens + excluded.timed_tokens,
    timed_ms = u.timed_ms + excluded.timed_ms;
  INSERT INTO latency_daily AS l (day, model_id, metric, bin, answers)
  SELECT date_trunc('day', c.created_at, 'UTC'), c.model_id, m.metric,
    round(ln(greatest(m.value, 1)) * 32)::smallint, sum(c.sign)::int
  FROM (SELECT *, 1 AS sign FROM new_rows
      UNION ALL SELECT *, -1 AS sign FROM old_rows) AS c
  CROSS JOIN LATERAL (VALUES ('latency', c.duration_ms), ('ttft', c.time_to_first_token_ms)) AS m(metric, value)
  WHERE c.status = 'completed' AND m.value IS NOT NULL
  GROUP BY 1, 2, 3, 4
  HAVING sum(sign) <> 0
  ON CONFLICT (day, model_id, metric, bin) DO UPDATE SET answers = l.answers + excluded.answers;
  DELETE FROM usage_hourly WHERE queries = 0
    AND hour IN (SELECT date_trunc('hour', created_at, 'UTC') FROM old_rows);
  DELETE FROM latency_daily WHERE answers = 0
    AND day IN (SELECT date_trunc('day', created_at, 'UTC') FROM old_rows);
  -- Only a changed owner or creation time moves a query between users (the app never does).
  PERFORM user_stats_recount(array_agg(DISTINCT user_id)) FROM (
    SELECT o.user_id FROM old_rows o JOIN new_rows n USING (id)
    WHERE o.user_id IS DISTINCT FROM n.user_id OR o.created_at <> n.created_at
    UNION SELECT n.user_id FROM old_rows o JOIN new_rows n USING (id)
    WHERE o.user_id IS DISTINCT FROM n.user_id OR o.created_at <> n.created_at
  ) AS moved WHERE user_id IS NOT NULL HAVING count(*) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "generations_rollups_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_hourly AS u (hour, model_id, kind, status, queries, timed_tokens, timed_ms)
  SELECT date_trunc('hour', created_at, 'UTC'), model_id, kind, status, sum(sign)::int,
    coalesce(sum(sign * completion_tokens) FILTER (WHERE is_timed), 0),
    coalesce(sum(sign * duration_ms) FILTER (WHERE is_timed), 0)
  FROM (
    SELECT c.*, (c.status = 'completed' AND c.duration_ms > 0 AND c.completion_tokens IS NOT NULL) AS is_timed
    FROM (SELECT *, -1 AS sign FROM old_rows) AS c
  ) AS changes
  GROUP BY 1, 2, 3, 4
  -- Most updates change nothing counted (the check time of an answer): they write nothing.
  HAVING sum(sign) <> 0 OR coalesce(sum(sign * completion_tokens) FILTER (WHERE is_timed), 0) <> 0
    OR coalesce(sum(sign * duration_ms) FILTER (WHERE is_timed), 0) <> 0
  ON CONFLICT (hour, model_id, kind, status) DO UPDATE SET
    queries = u.queries + excluded.queries,
    timed_tokens = u.timed_tokens + excluded.timed_tokens,
    timed_ms = u.timed_ms + excluded.timed_ms;
  INSERT INTO latency_daily AS l (day, model_id, metric, bin, answers)
  SELECT date_trunc('day', c.created_at, 'UTC'), c.model_id, m.metric,
    round(ln(greatest(m.value, 1)) * 32)::smallint, sum(c.sign)::int
  FROM (SELECT *, -1 AS sign FROM old_rows) AS c
  CROSS JOIN LATERAL (VALUES ('latency', c.duration_ms), ('ttft', c.time_to_first_token_ms)) AS m(metric, value)
  WHERE c.status = 'completed' AND m.value IS NOT NULL
  GROUP BY 1, 2, 3, 4
  HAVING sum(sign) <> 0
  ON CONFLICT (day, model_id, metric, bin) DO UPDATE SET answers = l.answers + excluded.answers;
  DELETE FROM usage_hourly WHERE queries = 0
    AND hour IN (SELECT date_trunc('hour', created_at, 'UTC') FROM old_rows);
  DELETE FROM latency_daily WHERE answers = 0
    AND day IN (SELECT date_trunc('day', created_at, 'UTC') FROM old_rows);
  PERFORM user_stats_recount(array_agg(DISTINCT user_id)) FROM old_rows
  WHERE user_id IS NOT NULL HAVING count(*) > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "feedback_rollups_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feedback_hourly AS h (hour, model_id, rating, sentiment_label, ratings, comments, compound_sum)
  SELECT date_trunc('hour', created_at, 'UTC'), rollup_model_id, rating, coalesce(sentiment_label, ''),
    sum(sign)::int, coalesce(sum(sign) FILTER (WHERE sentiment_compound IS NOT NULL), 0)::int,
    coalesce(sum(sign * sentiment_compound::float8), 0)
  FROM (SELECT *, 1 AS sign FROM new_rows) AS c
  WHERE rollup_model_id IS NOT NULL
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (hour, model_id, rating, sentiment_label) DO UPDATE SET
    ratings = h.ratings + excluded.ratings,
    comments = h.comments + excluded.comments,
    compound_sum = h.compound_sum + excluded.compound_sum;
  INSERT INTO user_stats AS s (user_id, feedback_count, rating_sum)
  SELECT c.user_id, sum(c.sign)::int, sum(c.sign * c.rating)::int
  FROM (SELECT *, 1 AS sign FROM new_rows) AS c JOIN users ON users.id = c.user_id
  GROUP BY c.user_id
  ON CONFLICT (user_id) DO UPDATE SET
    feedback_count = s.feedback_count + excluded.feedback_count,
    rating_sum = s.rating_sum + excluded.rating_sum;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "feedback_rollups_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feedback_hourly AS h (hour, model_id, rating, sentiment_label, ratings, comments, compound_sum)
  SELECT date_trunc('hour', created_at, 'UTC'), rollup_model_id, rating, coalesce(sentiment_label, ''),
    sum(sign)::int, coalesce(sum(sign) FILTER (WHERE sentiment_compound IS NOT NULL), 0)::int,
    coalesce(sum(sign * sentiment_compound::float8), 0)
  FROM (SELECT *, 1 AS sign FROM new_rows
      UNION ALL SELECT *, -1 AS sign FROM old_rows) AS c
  WHERE rollup_model_id IS NOT NULL
  GROUP BY 1, 2, 3, 4
  HAVING sum(sign) <> 0 OR coalesce(sum(sign) FILTER (WHERE sentiment_compound IS NOT NULL), 0) <> 0
    OR coalesce(sum(sign * sentiment_compound), 0) <> 0
  ON CONFLICT (hour, model_id, rating, sentiment_label) DO UPDATE SET
    ratings = h.ratings + excluded.ratings,
    comments = h.comments + excluded.comments,
    compound_sum = h.compound_sum + excluded.compound_sum;
  DELETE FROM feedback_hourly WHERE ratings = 0
    AND hour IN (SELECT date_trunc('hour', created_at, 'UTC') FROM old_rows);
  INSERT INTO user_stats AS s (user_id, feedback_count, rating_sum)
  SELECT c.user_id, sum(c.sign)::int, sum(c.sign * c.rating)::int
  FROM (SELECT *, 1 AS sign FROM new_rows
      UNION ALL SELECT *, -1 AS sign FROM old_rows) AS c JOIN users ON users.id = c.user_id
  GROUP BY c.user_id
  HAVING sum(c.sign) <> 0 OR sum(c.sign * c.rating) <> 0
  ON CONFLICT (user_id) DO UPDATE SET
    feedback_count = s.feedback_count + excluded.feedback_count,
    rating_sum = s.rating_sum + excluded.rating_sum;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "feedback_rollups_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feedback_hourly AS h (hour, model_id, rating, sentiment_label, ratings, comments, compound_sum)
  SELECT date_trunc('hour', created_at, 'UTC'), rollup_model_id, rating, coalesce(sentiment_label, ''),
    sum(sign)::int, coalesce(sum(sign) FILTER (WHERE sentiment_compound IS NOT NULL), 0)::int,
    coalesce(sum(sign * sentiment_compound::float8), 0)
  FROM (SELECT *, -1 AS sign FROM old_rows) AS c
  WHERE rollup_model_id IS NOT NULL
  GROUP BY 1, 2, 3, 4
  HAVING sum(sign) <> 0 OR coalesce(sum(sign) FILTER (WHERE sentiment_compound IS NOT NULL), 0) <> 0
    OR coalesce(sum(sign * sentiment_compound), 0) <> 0
  ON CONFLICT (hour, model_id, rating, sentiment_label) DO UPDATE SET
    ratings = h.ratings + excluded.ratings,
    comments = h.comments + excluded.comments,
    compound_sum = h.compound_sum + excluded.compound_sum;
  DELETE FROM feedback_hourly WHERE ratings = 0
    AND hour IN (SELECT date_trunc('hour', created_at, 'UTC') FROM old_rows);
  INSERT INTO user_stats AS s (user_id, feedback_count, rating_sum)
  SELECT c.user_id, sum(c.sign)::int, sum(c.sign * c.rating)::int
  FROM (SELECT *, -1 AS sign FROM old_rows) AS c JOIN users ON users.id = c.user_id
  GROUP BY c.user_id
  HAVING sum(c.sign) <> 0 OR sum(c.sign * c.rating) <> 0
  ON CONFLICT (user_id) DO UPDATE SET
    feedback_count = s.feedback_count + excluded.feedback_count,
    rating_sum = s.rating_sum + excluded.rating_sum;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "code_blocks_rollups_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO quality_hourly AS q (hour, model_id, language, blocks, syntax_checked, syntax_valid, executed, execution_succeeded)
  SELECT rollup_hour, rollup_model_id, coalesce(language, ''), sum(sign)::int,
    coalesce(sum(sign) FILTER (WHERE syntax_valid IS NOT NULL), 0)::int,
    coalesce(sum(sign) FILTER (WHERE syntax_valid), 0)::int,
    coalesce(sum(sign) FILTER (WHERE execution_status IS NOT NULL), 0)::int,
    coalesce(sum(sign) FILTER (WHERE execution_status = 'ok'), 0)::int
  FROM (SELECT *, 1 AS sign FROM new_rows) AS c
  WHERE rollup_hour IS NOT NULL
  GROUP BY 1, 2, 3
  ON CONFLICT (hour, model_id, language) DO UPDATE SET
    blocks = q.blocks + excluded.blocks,
    syntax_checked = q.syntax_checked + excluded.syntax_checked,
    syntax_valid = q.syntax_valid + excluded.syntax_valid,
    executed = q.executed + excluded.executed,
    execution_succeeded = q.execution_succeeded + excluded.execution_succeeded;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "code_blocks_rollups_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO quality_hourly AS q (hour, model_id, language, blocks, syntax_checked, syntax_valid, executed, execution_succeeded)
  SELECT rollup_hour, rollup_model_id, coalesce(language, ''), sum(sign)::int,
    coalesce(sum(sign) FILTER (WHERE syntax_valid IS NOT NULL), 0)::int,
    coalesce(sum(sign) FILTER (WHERE syntax_valid), 0)::int,
    coalesce(sum(sign) FILTER (WHERE execution_status IS NOT NULL), 0)::int,
    coalesce(sum(sign) FILTER (WHERE execution_status = 'ok'), 0)::int
  FROM (SELECT *, 1 AS sign FROM new_rows
      UNION ALL SELECT *, -1 AS sign FROM old_rows) AS c
  WHERE rollup_hour IS NOT NULL
  GROUP BY 1, 2, 3
  HAVING sum(sign) <> 0
    OR coalesce(sum(sign) FILTER (WHERE syntax_valid IS NOT NULL), 0) <> 0
    OR coalesce(sum(sign) FILTER (WHERE syntax_valid), 0) <> 0
    OR coalesce(sum(sign) FILTER (WHERE execution_status IS NOT NULL), 0) <> 0
    OR coalesce(sum(sign) FILTER (WHERE execution_status = 'ok'), 0) <> 0
  ON CONFLICT (hour, model_id, language) DO UPDATE SET
    blocks = q.blocks + excluded.blocks,
    syntax_checked = q.syntax_checked + excluded.syntax_checked,
    syntax_valid = q.syntax_valid + excluded.syntax_valid,
    executed = q.executed + excluded.executed,
    execution_succeeded = q.execution_succeeded + excluded.execution_succeeded;
  DELETE FROM quality_hourly WHERE blocks = 0 AND hour IN (SELECT rollup_hour FROM old_rows);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "code_blocks_rollups_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO quality_hourly AS q (hour, model_id, language, blocks, syntax_checked, syntax_valid, executed, execution_succeeded)
  SELECT rollup_hour, rollup_model_id, coalesce(language, ''), sum(sign)::int,
    coalesce(sum(sign) FILTER (WHERE syntax_valid IS NOT NULL), 0)::int,
    coalesce(sum(sign) FILTER (WHERE syntax_valid), 0)::int,
    coalesce(sum(sign) FILTER (WHERE execution_status IS NOT NULL), 0)::int,
    coalesce(sum(sign) FILTER (WHERE execution_status = 'ok'), 0)::int
  FROM (SELECT *, -1 AS sign FROM old_rows) AS c
  WHERE rollup_hour IS NOT NULL
  GROUP BY 1, 2, 3
  HAVING sum(sign) <> 0
    OR coalesce(sum(sign) FILTER (WHERE syntax_valid IS NOT NULL), 0) <> 0
    OR coalesce(sum(sign) FILTER (WHERE syntax_valid), 0) <> 0
    OR coalesce(sum(sign) FILTER (WHERE execution_status IS NOT NULL), 0) <> 0
    OR coalesce(sum(sign) FILTER (WHERE execution_status = 'ok'), 0) <> 0
  ON CONFLICT (hour, model_id, language) DO UPDATE SET
    blocks = q.blocks + excluded.blocks,
    syntax_checked = q.syntax_checked + excluded.syntax_checked,
    syntax_valid = q.syntax_valid + excluded.syntax_valid,
    executed = q.executed + excluded.executed,
    execution_succeeded = q.execution_succeeded + excluded.execution_succeeded;
  DELETE FROM quality_hourly WHERE blocks = 0 AND hour IN (SELECT rollup_hour FROM old_rows);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "generations_rollups_insert" AFTER INSERT ON "generations"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "generations_rollups_insert"();
--> statement-breakpoint
CREATE TRIGGER "generations_rollups_update" AFTER UPDATE ON "generations"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "generations_rollups_update"();
--> statement-breakpoint
CREATE TRIGGER "generations_rollups_delete" AFTER DELETE ON "generations"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "generations_rollups_delete"();
--> statement-breakpoint
CREATE TRIGGER "feedback_rollups_insert" AFTER INSERT ON "feedback"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "feedback_rollups_insert"();
--> statement-breakpoint
CREATE TRIGGER "feedback_rollups_update" AFTER UPDATE ON "feedback"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "feedback_rollups_update"();
--> statement-breakpoint
CREATE TRIGGER "feedback_rollups_delete" AFTER DELETE ON "feedback"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "feedback_rollups_delete"();
--> statement-breakpoint
CREATE TRIGGER "code_blocks_rollups_insert" AFTER INSERT ON "code_blocks"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "code_blocks_rollups_insert"();
--> statement-breakpoint
CREATE TRIGGER "code_blocks_rollups_update" AFTER UPDATE ON "code_blocks"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "code_blocks_rollups_update"();
--> statement-breakpoint
CREATE TRIGGER "code_blocks_rollups_delete" AFTER DELETE ON "code_blocks"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "code_blocks_rollups_delete"();
--> statement-breakpoint
-- The rows written before this migration.
INSERT INTO usage_hourly (hour, model_id, kind, status, queries, timed_tokens, timed_ms)
SELECT date_trunc('hour', created_at, 'UTC'), model_id, kind, status, count(*)::int,
  coalesce(sum(completion_tokens) FILTER (WHERE status = 'completed' AND duration_ms > 0 AND completion_tokens IS NOT NULL), 0),
  coalesce(sum(duration_ms) FILTER (WHERE status = 'completed' AND duration_ms > 0 AND completion_tokens IS NOT NULL), 0)
FROM generations GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO latency_daily (day, model_id, metric, bin, answers)
SELECT date_trunc('day', g.created_at, 'UTC'), g.model_id, m.metric,
  round(ln(greatest(m.value, 1)) * 32)::smallint, count(*)::int
FROM generations AS g
CROSS JOIN LATERAL (VALUES ('latency', g.duration_ms), ('ttft', g.time_to_first_token_ms)) AS m(metric, value)
WHERE g.status = 'completed' AND m.value IS NOT NULL
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO quality_hourly (hour, model_id, language, blocks, syntax_checked, syntax_valid, executed, execution_succeeded)
SELECT rollup_hour, rollup_model_id, coalesce(language, ''), count(*)::int,
  count(syntax_valid)::int, (count(*) FILTER (WHERE syntax_valid))::int,
  count(execution_status)::int, (count(*) FILTER (WHERE execution_status = 'ok'))::int
FROM code_blocks WHERE rollup_hour IS NOT NULL GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO feedback_hourly (hour, model_id, rating, sentiment_label, ratings, comments, compound_sum)
SELECT date_trunc('hour', created_at, 'UTC'), rollup_model_id, rating, coalesce(sentiment_label, ''),
  count(*)::int, count(sentiment_compound)::int, coalesce(sum(sentiment_compound::float8), 0)
FROM feedback WHERE rollup_model_id IS NOT NULL GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO user_stats (user_id, query_count, last_query_at, feedback_count, rating_sum)
SELECT users.id,
  (SELECT count(*)::int FROM generations g WHERE g.user_id = users.id),
  (SELECT max(created_at) FROM generations g WHERE g.user_id = users.id),
  (SELECT count(*)::int FROM feedback f WHERE f.user_id = users.id),
  (SELECT coalesce(sum(rating), 0)::int FROM feedback f WHERE f.user_id = users.id)
FROM users;
