ALTER TABLE "users" ADD COLUMN "password_reset_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "users_email_prefix_idx" ON "users" USING btree ("email" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "users_username_prefix_idx" ON "users" USING btree (lower("username") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "users_id_prefix_idx" ON "users" USING btree (("id"::text) text_pattern_ops);--> statement-breakpoint
-- Written by hand (see the note above `users` in src/db/schema.ts): full-text search vectors that
-- PostgreSQL computes on every insert and update, each with a GIN index. Documents are cut at
-- 100 000 characters so no row can exceed a tsvector's 1 MB limit.
ALTER TABLE "users" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  to_tsvector('simple'::regconfig,
    "username" || ' ' || translate("username", '._-', '   ') || ' ' || "display_name" || ' ' ||
    "email" || ' ' || translate("email", '@._-+', '     '))
) STORED;--> statement-breakpoint
CREATE INDEX "users_search_idx" ON "users" USING gin ("search_vector");--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, left("prompt", 100000)), 'A') ||
  setweight(to_tsvector('english'::regconfig, left("response_text", 100000)), 'B')
) STORED;--> statement-breakpoint
CREATE INDEX "generations_search_idx" ON "generations" USING gin ("search_vector");--> statement-breakpoint
ALTER TABLE "feedback" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  to_tsvector('english'::regconfig, left(coalesce("comment", ''), 100000))
) STORED;--> statement-breakpoint
CREATE INDEX "feedback_search_idx" ON "feedback" USING gin ("search_vector");--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  to_tsvector('simple'::regconfig,
    "action" || ' ' || translate("action", '._', '  ') || ' ' ||
    coalesce("actor_username", '') || ' ' || coalesce("target_username", '')) ||
  jsonb_to_tsvector('simple'::regconfig, coalesce("details", '{}'::jsonb), '["string", "numeric"]')
) STORED;--> statement-breakpoint
CREATE INDEX "audit_log_search_idx" ON "audit_log" USING gin ("search_vector");
