import {
  Badge,
  Drawer,
  Group,
  Pagination,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
} from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { SentimentBadge } from "../feedback/sentiment-badge";
import { fetchAdminUserDetail, fetchAdminUserFeedback, fetchAdminUserHistory } from "./admin-api";
import { formatCount, formatDateTime, formatDecimal } from "./admin-format";
import { MetricCard, PanelState } from "./admin-ui";

const PAGE_SIZE = 10;

/** Props of {@link UserDetailDrawer}. */
export interface UserDetailDrawerProps {
  /** The user to show; null closes the drawer. */
  userId: string | null;
  onClose: () => void;
}

/** One user's account figures, requests and feedback, in a drawer over the Users tab. */
export function UserDetailDrawer({ userId, onClose }: UserDetailDrawerProps) {
  return (
    <Drawer
      opened={userId !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title="User"
      closeButtonProps={{ "aria-label": "Close" }}
    >
      {userId && <UserDetail userId={userId} />}
    </Drawer>
  );
}

function UserDetail({ userId }: { userId: string }) {
  const detailQuery = useQuery({
    queryKey: ["admin", "user", userId],
    queryFn: ({ signal }) => fetchAdminUserDetail(userId, signal),
  });
  const user = detailQuery.data;
  if (!user) return <PanelState query={detailQuery} />;
  return (
    <Stack gap="md">
      <div>
        <Group gap="xs">
          <Text fw={700} size="lg">
            {user.displayName}
          </Text>
          <Badge variant="light" color={user.role === "admin" ? "indigo" : "gray"}>
            {user.role === "admin" ? "Admin" : "User"}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          @{user.username} · {user.email} · joined {formatDateTime(user.createdAt)}
        </Text>
        <Text size="sm" c="dimmed">
          Last active {formatDateTime(user.lastActiveAt)}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <MetricCard label="Queries" value={formatCount(user.queryCount)} />
        <MetricCard label="Feedback" value={formatCount(user.feedbackCount)} />
        <MetricCard label="Avg. rating" value={formatDecimal(user.averageRating, 2)} />
        <MetricCard label="Signed-in devices" value={formatCount(user.liveSessionCount)} />
      </SimpleGrid>
      <Tabs defaultValue="history" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="history">History</Tabs.Tab>
          <Tabs.Tab value="feedback">Feedback</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="history" pt="sm">
          <UserHistory userId={userId} />
        </Tabs.Panel>
        <Tabs.Panel value="feedback" pt="sm">
          <UserFeedback userId={userId} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function UserHistory({ userId }: { userId: string }) {
  const [page, setPage] = useState(1);
  const historyQuery = useQuery({
    queryKey: ["admin", "user", userId, "history", page],
    queryFn: ({ signal }) => fetchAdminUserHistory(userId, page, signal),
    placeholderData: keepPreviousData,
  });
  const data = historyQuery.data;
  if (!data) return <PanelState query={historyQuery} />;
  if (data.items.length === 0) return <Text size="sm">No requests yet.</Text>;
  return (
    <Stack gap="xs" component="ul" aria-label="User's history" p={0} m={0}>
      {data.items.map((item) => (
        <Paper key={item.id} withBorder p="sm" component="li" style={{ listStyle: "none" }}>
          <Group gap="xs" justify="space-between">
            <Text size="sm" fw={600}>
              {item.kind === "generate" ? "Generate" : "Explain"} · {item.model}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(item.createdAt)} · {item.status}
            </Text>
          </Group>
          <Text size="sm" lineClamp={3} style={{ whiteSpace: "pre-wrap" }}>
            {item.prompt}
          </Text>
          {item.feedback && (
            <Text size="xs" c="dimmed">
              Rated {item.feedback.rating}/5
              {item.feedback.comment && `: “${item.feedback.comment}”`}
            </Text>
          )}
        </Paper>
      ))}
      <PageNav total={data.total} page={page} onChange={setPage} label="Pages of history" />
    </Stack>
  );
}

function UserFeedback({ userId }: { userId: string }) {
  const [page, setPage] = useState(1);
  const feedbackQuery = useQuery({
    queryKey: ["admin", "user", userId, "feedback", page],
    queryFn: ({ signal }) => fetchAdminUserFeedback(userId, page, signal),
    placeholderData: keepPreviousData,
  });
  const data = feedbackQuery.data;
  if (!data) return <PanelState query={feedbackQuery} />;
  if (data.items.length === 0) return <Text size="sm">No feedback yet.</Text>;
  return (
    <Stack gap="xs" component="ul" aria-label="User's feedback" p={0} m={0}>
      {data.items.map((item) => (
        <Paper key={item.id} withBorder p="sm" component="li" style={{ listStyle: "none" }}>
          <Group gap="xs" justify="space-between">
            <Text size="sm" fw={600} aria-label={`${item.rating} of 5 stars`}>
              {"★".repeat(item.rating)}
              {"☆".repeat(5 - item.rating)}
            </Text>
            <Group gap="xs">
              {item.sentiment && <SentimentBadge sentiment={item.sentiment} />}
              <Text size="xs" c="dimmed">
                {formatDateTime(item.createdAt)}
              </Text>
            </Group>
          </Group>
          {item.comment && <Text size="sm">{item.comment}</Text>}
          <Text size="xs" c="dimmed" lineClamp={1}>
            On {item.kind === "generate" ? "Generate" : "Explain"} · {item.model}:{" "}
            {item.promptStart}
          </Text>
        </Paper>
      ))}
      <PageNav total={data.total} page={page} onChange={setPage} label="Pages of feedback" />
    </Stack>
  );
}

function PageNav(props: {
  total: number;
  page: number;
  onChange: (page: number) => void;
  label: string;
}) {
  const pageCount = Math.ceil(props.total / PAGE_SIZE);
  if (pageCount <= 1) return null;
  return (
    <Pagination
      total={pageCount}
      value={props.page}
      onChange={props.onChange}
      aria-label={props.label}
      size="sm"
    />
  );
}
