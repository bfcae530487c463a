import { Badge, Group, List, Stack, Text, Title } from "@mantine/core";

/** Props of {@link ComingSoon}. */
export interface ComingSoonProps {
  title: string;
  /** One or two sentences on what the page is for. */
  summary: string;
  /** What the page will let people do once it is built. */
  plannedFeatures: readonly string[];
}

/**
 * An honest placeholder for a page that is planned but not built yet: it says what the page will
 * do and shows no made-up data.
 */
export function ComingSoon({ title, summary, plannedFeatures }: ComingSoonProps) {
  return (
    <Stack gap="md" maw={720}>
      <Group gap="sm" align="center">
        <Title order={2}>{title}</Title>
        <Badge variant="light" color="gray">
          Coming soon
        </Badge>
      </Group>
      <Text>{summary}</Text>
      <Text fw={500}>What it will do:</Text>
      <List spacing="xs">
        {plannedFeatures.map((feature) => (
          <List.Item key={feature}>{feature}</List.Item>
        ))}
      </List>
      <Text size="sm" c="dimmed">
        This page is not built yet. In the meantime, Generate is ready to use.
      </Text>
    </Stack>
  );
}
