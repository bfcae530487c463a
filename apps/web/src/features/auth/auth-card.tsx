import { Box, Center, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** Props of {@link AuthCard}. */
export interface AuthCardProps {
  title: string;
  /** One line under the title. */
  subtitle?: string;
  children: ReactNode;
  /** Links under the card, e.g. "Create an account". */
  footer?: ReactNode;
}

/** The frame of the pages people see before signing in: product name, then one centred card. */
export function AuthCard({ title, subtitle, children, footer }: AuthCardProps) {
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-default-hover)">
      <Box w="100%" maw={440}>
        <Stack gap="lg">
          <Stack gap={2} align="center">
            <Text fw={700} fz={28} c="indigo">
              CodeGenie
            </Text>
            <Text size="sm" c="dimmed">
              your self-hosted coding assistant
            </Text>
          </Stack>
          <Paper component="main" withBorder shadow="sm" p="xl">
            <Stack gap="md">
              <div>
                <Title order={1} size="h3">
                  {title}
                </Title>
                {subtitle && (
                  <Text size="sm" c="dimmed" mt={4}>
                    {subtitle}
                  </Text>
                )}
              </div>
              {children}
            </Stack>
          </Paper>
          {footer && (
            <Stack gap={4} align="center">
              {footer}
            </Stack>
          )}
        </Stack>
      </Box>
    </Center>
  );
}
