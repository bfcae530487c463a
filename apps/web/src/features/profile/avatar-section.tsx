import type { TAvatarSource, TMeResponse } from "@codegenie/shared";
import { Avatar, Group, Radio, Stack, Text } from "@mantine/core";
import { ErrorAlert } from "../../components/error-alert";
import { UserAvatar } from "../../components/user-avatar";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { AvatarUpload } from "./avatar-upload";
import { updateMe } from "./profile-api";
import { ProfileSection } from "./profile-section";
import { useRememberMe } from "./use-me";

/** The picture shown beside the user's name: initials, Gravatar, or an uploaded picture. */
export function AvatarSection({ me }: { me: TMeResponse }) {
  const rememberMe = useRememberMe();
  const choice = useFormSubmit({
    send: (avatarSource: TAvatarSource) => updateMe({ avatarSource }),
    onSuccess: rememberMe,
  });

  return (
    <ProfileSection
      title="Avatar"
      description="Shown beside your name. Uploaded pictures are cropped to a square."
    >
      <Group align="flex-start" gap="xl">
        <UserAvatar user={me} size={96} />
        <Stack gap="md" style={{ flex: 1, minWidth: 240 }}>
          <Radio.Group
            label="Picture shown"
            value={me.avatarSource}
            onChange={(value) => choice.submit(value as TAvatarSource)}
          >
            <Stack gap="xs" mt="xs">
              <Radio value="initials" label="My initials" disabled={choice.isPending} />
              <Radio
                value="gravatar"
                disabled={choice.isPending}
                label={
                  <Group gap="xs" wrap="nowrap">
                    <span>Gravatar of my email</span>
                    <Avatar src={me.gravatarUrl} size="sm" alt="Your Gravatar" />
                  </Group>
                }
              />
              <Radio
                value="upload"
                label="My uploaded picture"
                description={me.hasUploadedAvatar ? undefined : "Upload a picture below first."}
                disabled={choice.isPending || !me.hasUploadedAvatar}
              />
            </Stack>
          </Radio.Group>
          {choice.formError && <ErrorAlert error={choice.formError} />}
          <AvatarUpload me={me} />
          <Text size="xs" c="dimmed">
            Gravatar pictures come from gravatar.com, which sees your email's hash when shown.
          </Text>
        </Stack>
      </Group>
    </ProfileSection>
  );
}
