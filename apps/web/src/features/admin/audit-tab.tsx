import { AUDIT_ACTIONS, type TAuditAction, type TAuditEntry } from "@codegenie/shared";
import { Code, Group, Pagination, Select, Stack, Table, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { type AuditFilters, fetchAudit } from "./admin-api";
import { formatDateTime } from "./admin-format";
import { ExportCsvButton, PanelState } from "./admin-ui";
import type { CsvColumn } from "./csv";
import { useLiveInterval } from "./live-refresh";

const PAGE_SIZE = 50;

const AUDIT_COLUMNS: CsvColumn<TAuditEntry>[] = [
  { header: "When", value: (entry) => entry.createdAt },
  { header: "Action", value: (entry) => entry.action },
  { header: "By", value: (entry) => entry.actorUsername },
  { header: "Target", value: (entry) => entry.targetUsername },
  { header: "IP", value: (entry) => entry.ip },
  { header: "Details", value: (entry) => (entry.details ? JSON.stringify(entry.details) : "") },
];

function isAuditAction(value: string | null): value is TAuditAction {
  return AUDIT_ACTIONS.some((action) => action === value);
}

/** Props of {@link AuditTab}. */
export interface AuditTabProps {
  /** The action filter in the URL (`?action=`, e.g. from a search result's link), if any. */
  actionParam: string | null;
  onActionChange: (action: TAuditAction | null) => void;
}

/** The audit log, newest first, page by page, filtered by action. */
export function AuditTab({ actionParam, onActionChange }: AuditTabProps) {
  const action = isAuditAction(actionParam) ? actionParam : undefined;
  const [page, setPage] = useState(1);
  const filters: AuditFilters = { action, page, pageSize: PAGE_SIZE };
  const auditQuery = useQuery({
    queryKey: ["admin", "audit", filters],
    queryFn: ({ signal }) => fetchAudit(filters, signal),
    placeholderData: keepPreviousData,
    refetchInterval: useLiveInterval(),
  });
  const entries = auditQuery.data?.entries ?? [];
  const pageCount = Math.max(1, Math.ceil((auditQuery.data?.total ?? 0) / PAGE_SIZE));

  return (
    <Stack gap="md">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label="Action"
          placeholder="All actions"
          data={[...AUDIT_ACTIONS]}
          value={action ?? null}
          onChange={(value) => {
            onActionChange(isAuditAction(value) ? value : null);
            setPage(1);
          }}
          clearable
          searchable
          w={240}
        />
        <ExportCsvButton
          table="audit-log"
          columns={AUDIT_COLUMNS}
          rows={entries}
          fetchPage={(page, pageSize) =>
            fetchAudit({ ...filters, page, pageSize }).then((answer) => ({
              rows: answer.entries,
              total: answer.total,
            }))
          }
        />
      </Group>
      <PanelState query={auditQuery} />
      {auditQuery.data && (
        <>
          <Text size="sm" c="dimmed">
            {auditQuery.data.total === 1 ? "1 entry" : `${auditQuery.data.total} entries`}
          </Text>
          <Table.ScrollContainer minWidth={720}>
            <Table striped aria-label="Audit log">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>By</Table.Th>
                  <Table.Th>Target</Table.Th>
                  <Table.Th>From</Table.Th>
                  <Table.Th>Details</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((entry) => (
                  <Table.Tr key={entry.id} data-testid="audit-row">
                    <Table.Td>
                      <Text size="sm">{formatDateTime(entry.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Code>{entry.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{entry.actorUsername ?? "–"}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{entry.targetUsername ?? "–"}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{entry.ip ?? "–"}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace" style={{ wordBreak: "break-word" }}>
                        {entry.details ? JSON.stringify(entry.details) : ""}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pageCount > 1 && (
            <Pagination
              total={pageCount}
              value={page}
              onChange={setPage}
              aria-label="Pages of the audit log"
            />
          )}
        </>
      )}
    </Stack>
  );
}
