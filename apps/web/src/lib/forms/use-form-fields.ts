import { type ChangeEvent, useState } from "react";
import { type FieldErrors, issuesToFieldErrors, type RequestSchema } from "./field-errors";

type TextFieldOf<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T] & string;

/** What {@link useFormFields} returns. */
export interface FormFields<T> {
  values: T;
  errors: FieldErrors;
  setField: <K extends keyof T>(field: K, value: T[K]) => void;
  setErrors: (errors: FieldErrors) => void;
  /** `value`, `onChange` and `error` for a Mantine text or password input. */
  textProps: (field: TextFieldOf<T>) => {
    value: string;
    onChange: (event: ChangeEvent<HTMLInputElement>) => void;
    error: string | undefined;
  };
  /**
   * Checks `request` with a contract schema: returns the parsed request, or null after showing a
   * message under each invalid field.
   */
  validate: <R>(schema: RequestSchema<R>, request: unknown) => R | null;
  reset: () => void;
}

/**
 * Plain React state for a small form (the project does not use @mantine/form): values, one
 * message per field (cleared as soon as the field changes), and validation with the same zod
 * contract the server uses.
 */
export function useFormFields<T extends object>(initialValues: T): FormFields<T> {
  const [values, setValues] = useState(initialValues);
  const [errors, setErrors] = useState<FieldErrors>({});

  const setField = <K extends keyof T>(field: K, value: T[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    // A list field (`securityQuestions`) also clears the messages of its items.
    setErrors((previous) =>
      Object.fromEntries(
        Object.entries(previous).filter(
          ([key]) => key !== field && !key.startsWith(`${String(field)}.`),
        ),
      ),
    );
  };

  return {
    values,
    errors,
    setField,
    setErrors,
    textProps: (field) => ({
      value: values[field] as string,
      onChange: (event) => setField(field, event.currentTarget.value as T[typeof field]),
      error: errors[field],
    }),
    validate: (schema, request) => {
      const parsed = schema.safeParse(request);
      if (parsed.success) return parsed.data;
      setErrors(issuesToFieldErrors(parsed.error.issues));
      return null;
    },
    reset: () => {
      setValues(initialValues);
      setErrors({});
    },
  };
}
