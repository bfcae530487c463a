import { ZRegisterRequest } from "@codegenie/shared";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/api-error";
import { fieldErrorsOf, issuesToFieldErrors, serverFieldErrors } from "./field-errors";

describe("form field errors", () => {
  it("puts the contract's messages under the fields, as sentences", () => {
    const parsed = ZRegisterRequest.safeParse({
      username: "a!",
      email: "nope",
      password: "x",
      displayName: "Ada",
      securityQuestions: [
        { question: "Pet?", answer: "Rex" },
        { question: "First school?", answer: "" },
      ],
    });
    if (parsed.success) throw new Error("expected invalid input");
    const errors = issuesToFieldErrors(parsed.error.issues);
    expect(errors.username).toBe("Use at least 3 characters.");
    expect(errors.email).toBe("Enter a valid email.");
    expect(errors["securityQuestions.0.question"]).toBe("Write a question.");
    expect(errors["securityQuestions.1.answer"]).toBe("Write an answer.");
    expect(errors.displayName).toBeUndefined();
  });

  it("reads the fields of a request.invalid answer", () => {
    const error = new ApiError("request.invalid", "Invalid request", 400, {
      fields: [
        { field: "body.username", message: "use only letters" },
        { field: "body", message: "ignored duplicate" },
        { nonsense: true },
      ],
    });
    expect(serverFieldErrors(error)).toEqual({
      username: "Use only letters.",
      "": "Ignored duplicate.",
    });
  });

  it("sends a code to the field it is about, else leaves it to the form", () => {
    const taken = new ApiError("auth.email_taken", "An account already uses this email.", 409);
    expect(fieldErrorsOf(taken, { "auth.email_taken": "email" })).toEqual({
      email: "An account already uses this email.",
    });
    expect(
      fieldErrorsOf(new ApiError("internal", "Oops", 500), { "auth.email_taken": "email" }),
    ).toEqual({});
  });
});
