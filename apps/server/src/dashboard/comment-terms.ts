/// <reference path="./stopword.d.ts" />
import { sql } from "drizzle-orm";
import { eng } from "stopword";

/**
 * Words left out of the word cloud besides the `stopword` package's English list:
 * - pieces of English contractions, which tokenising on non-letters leaves behind
 *   ("don't" → "don" + "t"; single letters are dropped anyway) and common fillers the list lacks;
 * - words nearly every comment about a coding assistant contains and that say nothing about what
 *   was good or bad ("the code/answer/response is …", "please", "codegenie").
 */
export const DOMAIN_STOP_WORDS = [
  ...["don", "doesn", "didn", "isn", "wasn", "aren", "weren", "haven", "hasn", "hadn"],
  ...["couldn", "wouldn", "shouldn", "won", "can", "ve", "ll", "re", "im"],
  ...["not", "no", "so", "does", "doing", "its", "us", "just", "really", "even", "lot"],
  ...["code", "answer", "response", "reply", "please", "codegenie"],
];

/** Every word that is never a term, as one text for `feedback_comment_terms` to fold. */
const STOP_WORDS_TEXT = [...eng, ...DOMAIN_STOP_WORDS].join(" ");

/**
 * The terms of a feedback comment: the generated column `feedback.comment_terms`, computed by the
 * database with `feedback_comment_terms(comment)` (migration 0007) and GIN-indexed. A term is a
 * run of letters (accents included) and digits, lower-cased, at least two characters and not
 * only digits, with simple plural folding ("queries" → "query", "classes" → "class",
 * "errors" → "error"; "is", "status", "analysis" and a few listed words stay), each term once
 * per comment. It is not in the Drizzle schema on purpose: the arrays must not ride along
 * whenever feedback is read.
 */
export const commentTerms = sql<string[]>`"feedback"."comment_terms"`;

/** True when `term` (an element of {@link commentTerms}) is not a stop word. */
export const isMeaningfulTerm = (term: ReturnType<typeof sql>) =>
  sql`not (${term} = any (feedback_comment_terms(${STOP_WORDS_TEXT}::text)))`;

/** True when the comment contains every term of `word`, folded the same way (so none: false). */
export const containsWord = (word: string) =>
  sql`(cardinality(feedback_comment_terms(${word}::text)) > 0 and ${commentTerms} @> feedback_comment_terms(${word}::text))`;
