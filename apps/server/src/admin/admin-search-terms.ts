import { adminSearchWords, type THighlightedText } from "@codegenie/shared";

/** A validated search text, ready for SQL: every value here is passed as a bound parameter. */
export interface SearchTerms {
  /**
   * `to_tsquery` input: the words joined by `&`, the last one with `:*` (prefix). Words are runs
   * of letters and digits only, so no tsquery operator or quote can reach the parser.
   */
  tsquery: string;
  /** The whole text lower-cased, as a LIKE prefix pattern (`%`, `_`, `\` escaped). */
  prefixPattern: string;
  /** The same for user ids, when the text looks like the start of a UUID (4+ hex digits). */
  idPrefixPattern: string | null;
}

/**
 * Marks ts_headline puts around matches: private-use characters, removed from the documents
 * before highlighting, so people's text can never forge a mark.
 */
export const MATCH_START = "\uE000";
export const MATCH_STOP = "\uE001";
/**
 * Stands in for `<` while highlighting: ts_headline drops whatever looks like an HTML tag, and
 * code is full of them (`<div>`, `List<String>`).
 */
export const LESS_THAN_STAND_IN = "\uE002";
/**
 * `translate(document, HEADLINE_FROM, HEADLINE_TO)`: `<` becomes its stand-in; the marks and the
 * stand-in itself, where people's text has them, are deleted.
 */
export const HEADLINE_FROM = `<${MATCH_START}${MATCH_STOP}${LESS_THAN_STAND_IN}`;
export const HEADLINE_TO = LESS_THAN_STAND_IN;

/** ts_headline options: a few short fragments around the matches of a long text. */
export const FRAGMENT_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_STOP}, MaxFragments=2, MaxWords=18, MinWords=6, FragmentDelimiter=" … "`;
/** ts_headline options for a short text shown whole (a user's names and email). */
export const WHOLE_TEXT_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_STOP}, HighlightAll=true`;

const UUID_PREFIX = /^[0-9a-f]{4}[0-9a-f-]{0,32}$/;

/** The terms of a search text the contract accepted (at least one word). */
export function searchTermsOf(text: string): SearchTerms {
  const words = adminSearchWords(text);
  if (words.length === 0) throw new Error("the contract lets no search without words through");
  const tsquery = words.map((word, index) => (index === words.length - 1 ? `${word}:*` : word));
  const lowered = text.trim().toLowerCase();
  const prefixPattern = `${lowered.replace(/[\\%_]/g, "\\$&")}%`;
  return {
    tsquery: tsquery.join(" & "),
    prefixPattern,
    idPrefixPattern: UUID_PREFIX.test(lowered) ? prefixPattern : null,
  };
}

/** A ts_headline result as text parts, the marked ones flagged as matches. */
export function highlightedParts(headline: string): THighlightedText {
  const parts: THighlightedText = [];
  let isMatch = false;
  for (const piece of headline.split(/([\uE000\uE001])/)) {
    if (piece === MATCH_START) isMatch = true;
    else if (piece === MATCH_STOP) isMatch = false;
    else if (piece) parts.push({ text: piece.replaceAll(LESS_THAN_STAND_IN, "<"), isMatch });
  }
  return parts;
}
