import {
  type TExplainRequest,
  type TExplainStyle,
  type TLanguage,
  ZExplainRequest,
} from "@codegenie/shared";

/** The Explain form as Mantine holds it: number inputs give "" while empty. */
export interface ExplainFormValues {
  model: string | null;
  code: string;
  language: TLanguage;
  style: TExplainStyle;
  maxTokens: number | string;
  temperature: number | string;
  topP: number | string;
}

/** A message per invalid field, shown under that field. */
export type ExplainFormErrors = Partial<Record<keyof ExplainFormValues, string>>;

/** Empty form: the language is detected and the style is for beginners until chosen. */
export const EMPTY_EXPLAIN_FORM: ExplainFormValues = {
  model: null,
  code: "",
  language: "auto",
  style: "beginner",
  maxTokens: "",
  temperature: "",
  topP: "",
};

// The contract's own messages are written for developers; these are written for the form.
const FIELD_MESSAGES: Record<keyof ExplainFormValues, string> = {
  model: "Pick a model.",
  code: "Paste the code to explain.",
  language: "Pick a language from the list.",
  style: "Pick a style.",
  maxTokens: "Use a whole number of at least 1.",
  temperature: "Use a number from 0 to 2.",
  topP: "Use a number above 0 and at most 1.",
};

function isFormField(key: PropertyKey | undefined): key is keyof ExplainFormValues {
  return typeof key === "string" && key in FIELD_MESSAGES;
}

function optionalNumber(value: number | string): number | undefined {
  return value === "" ? undefined : Number(value);
}

/**
 * Validates the form with the contract the server uses (ZExplainRequest), so most mistakes are
 * caught before sending. Returns the request, or a message per bad field.
 */
export function toExplainRequest(
  values: ExplainFormValues,
): { request: TExplainRequest } | { errors: ExplainFormErrors } {
  const parsed = ZExplainRequest.safeParse({
    model: values.model ?? "",
    code: values.code,
    language: values.language,
    style: values.style,
    maxTokens: optionalNumber(values.maxTokens),
    temperature: optionalNumber(values.temperature),
    topP: optionalNumber(values.topP),
  });
  if (parsed.success) return { request: parsed.data };
  const errors: ExplainFormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (isFormField(field)) errors[field] = FIELD_MESSAGES[field];
  }
  return { errors };
}
