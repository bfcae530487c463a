import { type TDeleteMeRequest, ZDeleteMeRequest } from "@codegenie/shared";
import { Button, Group, Modal, PasswordInput, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { FormEvent } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { useFormFields } from "../../lib/forms/use-form-fields";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { deleteAccount, downloadAccountExport } from "./profile-api";
import { ProfileSection } from "./profile-section";

/** Take all of one's data away as JSON, or delete the account for good. */
export function AccountDataSection() {
  const [isDeleteOpen, { open: openDelete, close: closeDelete }] = useDisclosure(false);
  const exportData = useFormSubmit({ send: downloadAccountExport });
  const form = useFormFields({ password: "" });
  const deletion = useFormSubmit({
    send: deleteAccount,
    setFieldErrors: form.setErrors,
    fieldByCode: { "profile.password_incorrect": "password" },
  });

  const handleDelete = (event: FormEvent) => {
    event.preventDefault();
    const request = form.validate<TDeleteMeRequest>(ZDeleteMeRequest, form.values);
    if (request) deletion.submit(request);
  };

  return (
    <ProfileSection
      title="Your data"
      description="Download everything CodeGenie keeps about you, or delete your account."
    >
      <Group gap="sm">
        <Button
          variant="default"
          loading={exportData.isPending}
          onClick={() => exportData.submit(undefined)}
        >
          Export my data
        </Button>
        <Button color="red" variant="outline" onClick={openDelete}>
          Delete my account…
        </Button>
      </Group>
      {exportData.formError && <ErrorAlert error={exportData.formError} />}

      <Modal opened={isDeleteOpen} onClose={closeDelete} title="Delete your account?" centered>
        <form onSubmit={handleDelete} noValidate>
          <Stack gap="md">
            <Text size="sm">
              Your account, profile, sessions and history are deleted for good. This cannot be
              undone; export your data first if you want to keep it.
            </Text>
            <PasswordInput
              label="Your password"
              description="To confirm it is you."
              autoComplete="current-password"
              data-autofocus
              {...form.textProps("password")}
            />
            {deletion.formError && <ErrorAlert error={deletion.formError} />}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={closeDelete}>
                Keep my account
              </Button>
              <Button type="submit" color="red" loading={deletion.isPending}>
                Delete my account
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </ProfileSection>
  );
}
