/** One column of a CSV export: its header and how to read the cell from a row. */
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined;
}

/** Characters that make a spreadsheet read a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rows as CSV text: a header line, then one line per row, CRLF line ends. */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((column) => csvCell(column.header)).join(",")];
  for (const row of rows) lines.push(columns.map((column) => csvCell(column.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** The most rows an export loads (page by page); a larger table is cut and says so. */
export const CSV_MAX_ROWS = 10_000;
/** The largest page the admin listings serve. */
const EXPORT_PAGE_SIZE = 100;

/** Every row of a paginated listing, page after page, up to `max` rows; `isCut` when there are more. */
export async function fetchAllPages<Row>(
  fetchPage: (page: number, pageSize: number) => Promise<{ rows: readonly Row[]; total: number }>,
  max = CSV_MAX_ROWS,
): Promise<{ rows: Row[]; isCut: boolean }> {
  const rows: Row[] = [];
  for (let page = 1; ; page += 1) {
    const { rows: pageRows, total } = await fetchPage(page, EXPORT_PAGE_SIZE);
    rows.push(...pageRows);
    if (rows.length >= max) return { rows: rows.slice(0, max), isCut: total > max };
    if (pageRows.length < EXPORT_PAGE_SIZE || rows.length >= total) return { rows, isCut: false };
  }
}

/** A file name for an export, e.g. `codegenie-users-2025-06-01.csv` (the local date). */
export function csvFileName(table: string, now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `codegenie-${table}-${date}.csv`;
}

/**
 * Hands the CSV to the browser as a download. A byte-order mark goes first so spreadsheet apps
 * read the file as UTF-8 (names and comments may hold any character).
 */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(["\uFEFF", csv], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
