import type { ApiError, AppErrorCode } from "../api/api-error";

/** A message per form field, keyed by the field's path: `email`, `securityQuestions.0.answer`. */
export type FieldErrors = Partial<Record<string, string>>;

/** One problem found by a contract schema (the shape zod reports, without depending on zod). */
export interface SchemaIssue {
  path: readonly PropertyKey[];
  message: string;
}

/** The part of a zod schema that forms use to check their values before sending. */
export interface RequestSchema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: readonly SchemaIssue[] } };
}

/** The first message of each field, from a contract schema's issues. */
export function issuesToFieldErrors(issues: readonly SchemaIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".");
    errors[key] ??= sentence(issue.message);
  }
  return errors;
}

/**
 * The fields named by a 400 `request.invalid` answer (`details.fields[{ field: "body.email",
 * message }]`), keyed like issuesToFieldErrors; empty for any other error.
 */
export function serverFieldErrors(error: ApiError): FieldErrors {
  if (error.code !== "request.invalid") return {};
  const fields = readArray(error.details, "fields");
  const errors: FieldErrors = {};
  for (const entry of fields) {
    const field = readString(entry, "field");
    const message = readString(entry, "message");
    if (!field || !message) continue;
    errors[field.replace(/^body\.?/, "")] ??= sentence(message);
  }
  return errors;
}

/** Strings listed under `key` of an error's details, e.g. the `problems` of a weak password. */
export function detailStrings(error: ApiError, key: string): string[] {
  return readArray(error.details, key).filter((item): item is string => typeof item === "string");
}

function readArray(value: unknown, key: string): unknown[] {
  if (typeof value !== "object" || value === null) return [];
  const field: unknown = (value as Record<string, unknown>)[key];
  return Array.isArray(field) ? field : [];
}

function readString(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : undefined;
}

/** Contract messages are lower-case fragments ("use at least 3 characters"); forms show sentences. */
function sentence(message: string): string {
  const trimmed = message.trim();
  if (!trimmed) return trimmed;
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/**
 * Where an error answer belongs in a form: the fields named by `request.invalid`, or the one field
 * `fieldByCode` names for the error's code (e.g. `auth.email_taken` → `email`), with the server's
 * message. Empty when the error is about the form as a whole.
 */
export function fieldErrorsOf(
  error: ApiError,
  fieldByCode: Partial<Record<AppErrorCode, string>> = {},
): FieldErrors {
  const field = fieldByCode[error.code];
  return field ? { [field]: error.message } : serverFieldErrors(error);
}
