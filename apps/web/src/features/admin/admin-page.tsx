import "@mantine/charts/styles.css";
import { Group, SegmentedControl, Select, Stack, Tabs, Text, Title } from "@mantine/core";
import { useSearchParams } from "react-router";
import { type Bucket, RANGE_PRESETS, type RangePreset, readRange } from "./admin-range";
import { AuditTab } from "./audit-tab";
import { FeedbackTab } from "./feedback-tab";
import { LiveRefreshProvider, LiveRefreshSwitch } from "./live-refresh";
import { OverviewTab } from "./overview-tab";
import { QualityTab } from "./quality-tab";
import { SearchTab } from "./search-tab";
import { UsersTab } from "./users-tab";

/** The tabs of the admin page, in display order; the chosen one is `?tab=` in the URL. */
const TABS = [
  { value: "overview", label: "Overview", hasRange: true },
  { value: "feedback", label: "Feedback", hasRange: true },
  { value: "quality", label: "Quality", hasRange: true },
  { value: "users", label: "Users", hasRange: false },
  { value: "audit", label: "Audit log", hasRange: false },
  { value: "search", label: "Search", hasRange: false },
] as const;

type AdminTab = (typeof TABS)[number]["value"];

function readTab(value: string | null): AdminTab {
  return TABS.find((tab) => tab.value === value)?.value ?? "overview";
}

const RANGE_OPTIONS = Object.entries(RANGE_PRESETS).map(([value, preset]) => ({
  value,
  label: preset.label,
}));

function isPreset(value: string | null): value is RangePreset {
  return value !== null && Object.hasOwn(RANGE_PRESETS, value);
}

/**
 * The admin dashboard: usage, feedback, code quality, users, the audit log and search, each a tab
 * kept in the URL (`/admin?tab=users`) with its range and filters, so a reload or a shared link
 * shows the same view. Every panel refreshes itself every few seconds unless paused.
 */
export function AdminPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = readTab(searchParams.get("tab"));
  const range = readRange(searchParams);
  const hasRange = TABS.find((candidate) => candidate.value === tab)?.hasRange ?? false;

  /** Changes some URL parameters, keeping the others (empty values are removed). */
  const updateParams = (changes: Record<string, string | null>) => {
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );
  };

  return (
    <LiveRefreshProvider>
      <Stack gap="md" maw={1280}>
        <Group justify="space-between" align="flex-end" gap="sm">
          <div>
            <Title order={2}>Admin</Title>
            <Text c="dimmed" size="sm">
              How CodeGenie is used, what people think of it, and who may use it.
            </Text>
          </div>
          <LiveRefreshSwitch />
        </Group>

        <Tabs
          value={tab}
          onChange={(next) => updateParams({ tab: next === "overview" ? null : next })}
          keepMounted={false}
        >
          <Tabs.List style={{ flexWrap: "wrap" }}>
            {TABS.map((candidate) => (
              <Tabs.Tab key={candidate.value} value={candidate.value}>
                {candidate.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>

          {hasRange && (
            <Group gap="sm" mt="md" align="flex-end" wrap="wrap">
              <Select
                label="Range"
                data={RANGE_OPTIONS}
                value={range.preset}
                onChange={(value) =>
                  isPreset(value) &&
                  updateParams({ range: value, bucket: RANGE_PRESETS[value].defaultBucket })
                }
                allowDeselect={false}
                w={180}
              />
              <Stack gap={4}>
                <Text size="sm" fw={500} id="admin-bucket-label">
                  Per
                </Text>
                <SegmentedControl
                  aria-labelledby="admin-bucket-label"
                  value={range.bucket}
                  onChange={(value) => updateParams({ bucket: value })}
                  data={[
                    { value: "hour" satisfies Bucket, label: "Hour" },
                    { value: "day" satisfies Bucket, label: "Day" },
                    { value: "week" satisfies Bucket, label: "Week" },
                  ]}
                />
              </Stack>
            </Group>
          )}

          <Tabs.Panel value="overview" pt="md">
            <OverviewTab range={range} />
          </Tabs.Panel>
          <Tabs.Panel value="feedback" pt="md">
            <FeedbackTab
              range={range}
              word={searchParams.get("word")}
              onWordChange={(word) => updateParams({ word })}
            />
          </Tabs.Panel>
          <Tabs.Panel value="quality" pt="md">
            <QualityTab range={range} />
          </Tabs.Panel>
          <Tabs.Panel value="users" pt="md">
            <UsersTab
              openUserId={searchParams.get("user")}
              onOpenUserChange={(userId) => updateParams({ user: userId })}
            />
          </Tabs.Panel>
          <Tabs.Panel value="audit" pt="md">
            <AuditTab
              actionParam={searchParams.get("action")}
              onActionChange={(action) => updateParams({ action })}
            />
          </Tabs.Panel>
          <Tabs.Panel value="search" pt="md">
            <SearchTab
              query={searchParams.get("q") ?? ""}
              onQueryChange={(q) => updateParams({ q })}
            />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </LiveRefreshProvider>
  );
}
