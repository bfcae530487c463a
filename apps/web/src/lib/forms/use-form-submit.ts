import { useMutation } from "@tanstack/react-query";
import type { ApiError, AppErrorCode } from "../api/api-error";
import { toApiError } from "../api/api-error";
import { type FieldErrors, fieldErrorsOf } from "./field-errors";

/** Options of {@link useFormSubmit}. */
export interface FormSubmitOptions<TRequest, TResult> {
  send: (request: TRequest) => Promise<TResult>;
  /** Shows errors that belong to one field under that field (see fieldErrorsOf); no fields, no call. */
  setFieldErrors?: (errors: FieldErrors) => void;
  fieldByCode?: Partial<Record<AppErrorCode, string>>;
  onSuccess?: (result: TResult, request: TRequest) => void;
}

/** What {@link useFormSubmit} returns. */
export interface FormSubmit<TRequest, TResult> {
  submit: (request: TRequest) => void;
  isPending: boolean;
  isSuccess: boolean;
  /** The last successful answer. */
  data: TResult | undefined;
  /** The last error, wherever it is shown. */
  error: ApiError | null;
  /** The last error when it belongs to no single field: show it above the submit button. */
  formError: ApiError | null;
  reset: () => void;
}

/**
 * Sends a form's request (a TanStack mutation) and puts the answer's errors where people look:
 * under the field they are about, else in one alert for the form.
 */
export function useFormSubmit<TRequest, TResult>({
  send,
  setFieldErrors,
  fieldByCode,
  onSuccess,
}: FormSubmitOptions<TRequest, TResult>): FormSubmit<TRequest, TResult> {
  const mutation = useMutation({
    mutationFn: send,
    onSuccess,
    onError: (error) => setFieldErrors?.(fieldErrorsOf(toApiError(error), fieldByCode)),
  });
  const error = mutation.error ? toApiError(mutation.error) : null;
  const isFieldError =
    setFieldErrors !== undefined &&
    error !== null &&
    Object.keys(fieldErrorsOf(error, fieldByCode)).length > 0;
  return {
    submit: (request) => mutation.mutate(request),
    isPending: mutation.isPending,
    isSuccess: mutation.isSuccess,
    data: mutation.data,
    error,
    formError: isFieldError ? null : error,
    reset: mutation.reset,
  };
}
