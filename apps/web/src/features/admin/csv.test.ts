import { describe, expect, it } from "vitest";
import { csvCell, csvFileName, fetchAllPages, toCsv } from "./csv";

describe("CSV export", () => {
  it("quotes cells with commas, quotes and line breaks, and leaves plain ones alone", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a, b")).toBe('"a, b"');
    expect(csvCell('she said "slow"')).toBe('"she said ""slow"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(4.5)).toBe("4.5");
    expect(csvCell(-0.25)).toBe("-0.25");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(true)).toBe("true");
  });

  it("keeps spreadsheets from running text as a formula", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("@sum")).toBe("'@sum");
  });

  it("writes a header and one CRLF-terminated line per row", () => {
    const rows = [
      { name: "Ada, Countess", queries: 3 },
      { name: "Bob", queries: 0 },
    ];
    const csv = toCsv(
      [
        { header: "Name", value: (row: (typeof rows)[number]) => row.name },
        { header: "Queries", value: (row: (typeof rows)[number]) => row.queries },
      ],
      rows,
    );
    expect(csv).toBe('Name,Queries\r\n"Ada, Countess",3\r\nBob,0\r\n');
  });

  it("names the file after the table and the local date", () => {
    expect(csvFileName("users", new Date(2025, 0, 7, 23, 59))).toBe(
      "codegenie-users-2025-01-07.csv",
    );
  });

  it("loads every page of a table for the export, and stops at the row limit", async () => {
    const table = Array.from({ length: 250 }, (_, index) => index);
    const asked: number[] = [];
    const fetchPage = async (page: number, pageSize: number) => {
      asked.push(page);
      return { rows: table.slice((page - 1) * pageSize, page * pageSize), total: table.length };
    };
    const all = await fetchAllPages(fetchPage);
    expect(all.rows).toEqual(table);
    expect(all.isCut).toBe(false);
    expect(asked).toEqual([1, 2, 3]);

    const cut = await fetchAllPages(fetchPage, 120);
    expect(cut.rows).toEqual(table.slice(0, 120));
    expect(cut.isCut).toBe(true);

    const empty = await fetchAllPages(async () => ({ rows: [], total: 0 }));
    expect(empty).toEqual({ rows: [], isCut: false });
  });
});
