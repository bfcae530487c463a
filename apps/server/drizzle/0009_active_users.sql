CREATE TABLE "activity_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "activity_hourly_hour_user_id_pk" PRIMARY KEY("hour","user_id")
);
--> statement-breakpoint
ALTER TABLE "activity_hourly" ADD CONSTRAINT "activity_hourly_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Written by hand from here on, like the rollups of 0008: statement-level triggers on
-- `generations` add the (hour, user) pairs of new rows, and drop the pairs of removed rows that
-- no other row of that user and hour still holds; `src/db/rollups.test.ts` compares the table
-- with the raw rows.
CREATE FUNCTION "activity_hourly_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO activity_hourly (hour, user_id)
  SELECT DISTINCT date_trunc('hour', created_at, 'UTC'), user_id FROM new_rows
  WHERE user_id IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "activity_hourly_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM activity_hourly AS a
  USING (SELECT DISTINCT date_trunc('hour', created_at, 'UTC') AS hour, user_id FROM old_rows) AS o
  WHERE a.hour = o.hour AND a.user_id = o.user_id
    AND NOT EXISTS (
      SELECT 1 FROM generations AS g
      WHERE g.user_id = o.user_id AND g.created_at >= o.hour AND g.created_at < o.hour + interval '1 hour'
    );
  RETURN NULL;
END $$;
--> statement-breakpoint
-- An update moves a pair only when it changes the owner or the creation time (the app never does).
CREATE FUNCTION "activity_hourly_move"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM old_rows AS o JOIN new_rows AS n USING (id)
    WHERE o.user_id IS DISTINCT FROM n.user_id OR o.created_at <> n.created_at
  ) THEN
    DELETE FROM activity_hourly AS a
    USING (SELECT DISTINCT date_trunc('hour', created_at, 'UTC') AS hour, user_id FROM old_rows) AS o
    WHERE a.hour = o.hour AND a.user_id = o.user_id
      AND NOT EXISTS (
        SELECT 1 FROM generations AS g
        WHERE g.user_id = o.user_id AND g.created_at >= o.hour AND g.created_at < o.hour + interval '1 hour'
      );
    INSERT INTO activity_hourly (hour, user_id)
    SELECT DISTINCT date_trunc('hour', created_at, 'UTC'), user_id FROM new_rows
    WHERE user_id IS NOT NULL
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "generations_activity_insert" AFTER INSERT ON "generations"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "activity_hourly_add"();
--> statement-breakpoint
CREATE TRIGGER "generations_activity_update" AFTER UPDATE ON "generations"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "activity_hourly_move"();
--> statement-breakpoint
CREATE TRIGGER "generations_activity_delete" AFTER DELETE ON "generations"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "activity_hourly_remove"();
--> statement-breakpoint
INSERT INTO activity_hourly (hour, user_id)
SELECT DISTINCT date_trunc('hour', created_at, 'UTC'), user_id FROM generations
WHERE user_id IS NOT NULL
ON CONFLICT DO NOTHING;
