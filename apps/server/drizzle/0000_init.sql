CREATE TABLE "generations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" text NOT NULL,
	"prompt" text NOT NULL,
	"response_text" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"finish_reason" text,
	"error_code" text,
	"max_tokens" integer NOT NULL,
	"temperature" real,
	"top_p" real,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"duration_ms" integer,
	"time_to_first_token_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "generations_status_check" CHECK ("generations"."status" in ('running', 'completed', 'aborted', 'failed'))
);
--> statement-breakpoint
CREATE INDEX "generations_created_at_idx" ON "generations" USING btree ("created_at");