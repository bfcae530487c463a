CREATE TABLE "code_blocks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"generation_id" uuid NOT NULL,
	"block_index" integer NOT NULL,
	"language" text,
	"is_language_guessed" boolean DEFAULT false NOT NULL,
	"code" text NOT NULL,
	"syntax_valid" boolean,
	"syntax_error_line" integer,
	"syntax_error_column" integer,
	"syntax_error_message" text,
	"execution_status" text,
	"execution_stdout" text,
	"execution_stderr" text,
	"execution_exit_code" integer,
	"execution_duration_ms" integer,
	"execution_truncated" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "code_blocks_execution_status_check" CHECK ("code_blocks"."execution_status" in ('ok', 'error', 'timeout', 'memory_limit'))
);
--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "code_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "code_blocks" ADD CONSTRAINT "code_blocks_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "code_blocks_generation_block_idx" ON "code_blocks" USING btree ("generation_id","block_index");--> statement-breakpoint
CREATE INDEX "code_blocks_created_at_idx" ON "code_blocks" USING btree ("created_at");