import type { TMeResponse } from "@codegenie/shared";
import { Avatar, Button, FileButton, Group, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { removeAvatar, uploadAvatar } from "./profile-api";
import { useRememberMe } from "./use-me";

/** What the server accepts (it re-encodes every picture, so this is only a quick first check). */
const ACCEPTED_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"];
const MAX_BYTES = 2 * 1024 * 1024;

function problemWith(file: File): string | null {
  if (!ACCEPTED_TYPES.includes(file.type)) return "Choose a PNG, JPEG, WebP or GIF image.";
  if (file.size > MAX_BYTES) return "This picture is larger than 2 MB; choose a smaller one.";
  return null;
}

/** An object URL for a local file, freed when the file changes or the component goes away. */
function usePreviewUrl(file: File | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file) {
      setUrl(null);
      return;
    }
    const objectUrl = URL.createObjectURL(file);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file]);
  return url;
}

/** Choose a picture, see it, then upload it (it becomes the avatar shown), or remove it. */
export function AvatarUpload({ me }: { me: TMeResponse }) {
  const rememberMe = useRememberMe();
  const [file, setFile] = useState<File | null>(null);
  const previewUrl = usePreviewUrl(file);
  const problem = file ? problemWith(file) : null;
  const upload = useFormSubmit({
    send: uploadAvatar,
    onSuccess: (updated) => {
      rememberMe(updated);
      setFile(null);
    },
  });
  const removal = useFormSubmit({ send: removeAvatar, onSuccess: rememberMe });

  return (
    <Stack gap="sm">
      <Group gap="sm">
        <FileButton
          onChange={(chosen) => {
            upload.reset();
            setFile(chosen);
          }}
          accept={ACCEPTED_TYPES.join(",")}
        >
          {(props) => (
            <Button variant="default" {...props}>
              Choose a picture…
            </Button>
          )}
        </FileButton>
        {me.hasUploadedAvatar && (
          <Button
            variant="subtle"
            color="red"
            loading={removal.isPending}
            onClick={() => removal.submit(undefined)}
          >
            Remove uploaded picture
          </Button>
        )}
      </Group>
      {file && (
        <Group gap="md" align="center">
          {previewUrl && <Avatar src={previewUrl} size={64} alt="Preview of the chosen picture" />}
          <Stack gap={4}>
            <Text size="sm">{file.name}</Text>
            {problem ? (
              <Text size="sm" c="red" role="alert">
                {problem}
              </Text>
            ) : (
              <Group gap="xs">
                <Button size="xs" loading={upload.isPending} onClick={() => upload.submit(file)}>
                  Upload this picture
                </Button>
                <Button size="xs" variant="default" onClick={() => setFile(null)}>
                  Cancel
                </Button>
              </Group>
            )}
          </Stack>
        </Group>
      )}
      {upload.formError && <ErrorAlert error={upload.formError} />}
      {removal.formError && <ErrorAlert error={removal.formError} />}
    </Stack>
  );
}
