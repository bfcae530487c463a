import { Anchor, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";

/** Shown for any path the app does not know, e.g. a mistyped link. */
export function NotFoundPage() {
  return (
    <Stack gap="sm" maw={640}>
      <Title order={2}>Page not found</Title>
      <Text>There is no page at this address.</Text>
      <Anchor component={Link} to="/generate">
        Go to Generate
      </Anchor>
    </Stack>
  );
}
