import type { TSecurityQuestion } from "@codegenie/shared";
import { SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import type { FieldErrors } from "../../lib/forms/field-errors";

/** Two empty question-and-answer pairs. */
export const EMPTY_SECURITY_QUESTIONS: readonly TSecurityQuestion[] = [
  { question: "", answer: "" },
  { question: "", answer: "" },
];

/** Props of {@link SecurityQuestionsFields}. */
export interface SecurityQuestionsFieldsProps {
  questions: readonly TSecurityQuestion[];
  onChange: (questions: TSecurityQuestion[]) => void;
  /** Keyed `securityQuestions.0.question` and so on, as the contract reports them. */
  errors: FieldErrors;
}

/** Two questions of the person's own choosing and their answers, for resetting a password. */
export function SecurityQuestionsFields({
  questions,
  onChange,
  errors,
}: SecurityQuestionsFieldsProps) {
  const update = (index: number, field: keyof TSecurityQuestion, value: string) =>
    onChange(questions.map((pair, at) => (at === index ? { ...pair, [field]: value } : pair)));
  return (
    <Stack gap="sm">
      <Text size="xs" c="dimmed">
        Pick questions only you can answer; answers are not case-sensitive.
      </Text>
      {questions.map((pair, index) => {
        const number = index + 1;
        return (
          // The list always has exactly two entries, in a fixed order.
          // biome-ignore lint/suspicious/noArrayIndexKey: positions are the identity here
          <SimpleGrid key={index} cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              label={`Question ${number}`}
              placeholder={
                number === 1 ? "e.g. Name of my first teacher?" : "e.g. Street I grew up on?"
              }
              value={pair.question}
              onChange={(event) => update(index, "question", event.currentTarget.value)}
              error={
                errors[`securityQuestions.${index}.question`] ??
                errors[`securityQuestions.${index}`]
              }
            />
            <TextInput
              label={`Answer ${number}`}
              autoComplete="off"
              value={pair.answer}
              onChange={(event) => update(index, "answer", event.currentTarget.value)}
              error={errors[`securityQuestions.${index}.answer`]}
            />
          </SimpleGrid>
        );
      })}
      {errors.securityQuestions && (
        <Text size="xs" c="red">
          {errors.securityQuestions}
        </Text>
      )}
    </Stack>
  );
}
