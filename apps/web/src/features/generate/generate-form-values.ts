import { type TGenerateRequest, type TLanguage, ZGenerateRequest } from "@codegenie/shared";

/** The Generate form as Mantine holds it: number inputs give "" while empty. */
export interface GenerateFormValues {
  model: string | null;
  prompt: string;
  language: TLanguage;
  maxTokens: number | string;
  temperature: number | string;
  topP: number | string;
}

/** A message per invalid field, shown under that field. */
export type GenerateFormErrors = Partial<Record<keyof GenerateFormValues, string>>;

/** Empty form; empty advanced settings mean "use the server's default". */
export const EMPTY_GENERATE_FORM: GenerateFormValues = {
  model: null,
  prompt: "",
  language: "auto",
  maxTokens: "",
  temperature: "",
  topP: "",
};

// The contract's own messages are written for developers; these are written for the form.
const FIELD_MESSAGES: Record<keyof GenerateFormValues, string> = {
  model: "Pick a model.",
  prompt: "Describe the code you want.",
  language: "Pick a language.",
  maxTokens: "Use a whole number of at least 1.",
  temperature: "Use a number from 0 to 2.",
  topP: "Use a number above 0 and at most 1.",
};

function isFormField(key: PropertyKey | undefined): key is keyof GenerateFormValues {
  return typeof key === "string" && key in FIELD_MESSAGES;
}

function optionalNumber(value: number | string): number | undefined {
  return value === "" ? undefined : Number(value);
}

/**
 * Validates the form with the same contract the server uses (ZGenerateRequest), so most mistakes
 * are caught before a request is sent. Returns the request to send, or a message per bad field.
 * `conversationId` continues that conversation; null starts a new one.
 */
export function toGenerateRequest(
  values: GenerateFormValues,
  conversationId: string | null = null,
): { request: TGenerateRequest } | { errors: GenerateFormErrors } {
  const parsed = ZGenerateRequest.safeParse({
    model: values.model ?? "",
    prompt: values.prompt,
    language: values.language,
    conversationId: conversationId ?? undefined,
    maxTokens: optionalNumber(values.maxTokens),
    temperature: optionalNumber(values.temperature),
    topP: optionalNumber(values.topP),
  });
  if (parsed.success) {
    return { request: parsed.data };
  }
  const errors: GenerateFormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (isFormField(field)) errors[field] = FIELD_MESSAGES[field];
  }
  return { errors };
}
