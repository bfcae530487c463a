CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"title" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"generation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"rating" smallint NOT NULL,
	"comment" text,
	"sentiment_compound" real,
	"sentiment_positive" real,
	"sentiment_neutral" real,
	"sentiment_negative" real,
	"sentiment_label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_rating_check" CHECK ("feedback"."rating" between 1 and 5),
	CONSTRAINT "feedback_sentiment_label_check" CHECK ("feedback"."sentiment_label" in ('positive', 'neutral', 'negative'))
);
--> statement-breakpoint
ALTER TABLE "generations" DROP CONSTRAINT "generations_status_check";--> statement-breakpoint
DROP INDEX "generations_user_id_idx";--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "kind" text DEFAULT 'generate' NOT NULL;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "conversation_id" uuid;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "style" text;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "error_message" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "project_context" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_user_updated_idx" ON "conversations" USING btree ("user_id","updated_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_generation_id_idx" ON "feedback" USING btree ("generation_id");--> statement-breakpoint
CREATE INDEX "feedback_user_id_idx" ON "feedback" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "feedback_created_at_idx" ON "feedback" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "generations_user_created_idx" ON "generations" USING btree ("user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "generations_conversation_idx" ON "generations" USING btree ("conversation_id","created_at");--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_kind_check" CHECK ("generations"."kind" in ('generate', 'explain'));--> statement-breakpoint
-- Written by hand: the status "aborted" is now called "cancelled".
UPDATE "generations" SET "status" = 'cancelled' WHERE "status" = 'aborted';--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_status_check" CHECK ("generations"."status" in ('running', 'completed', 'cancelled', 'failed'));