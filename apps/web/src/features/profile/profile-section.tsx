import { Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** Props of {@link ProfileSection}. */
export interface ProfileSectionProps {
  title: string;
  /** One sentence on what the section changes. */
  description?: ReactNode;
  children: ReactNode;
}

/** One titled card of the profile page; its heading names the region for assistive technology. */
export function ProfileSection({ title, description, children }: ProfileSectionProps) {
  const headingId = `profile-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <Paper component="section" withBorder p="lg" aria-labelledby={headingId}>
      <Stack gap="md">
        <div>
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed" mt={2}>
              {description}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}
