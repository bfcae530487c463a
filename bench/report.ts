/** One line of the results table. */
export interface ResultRow {
  /** `a` (CodeGenie vs node-llama-cpp), `b` (concurrent streams) or `c` (memory). */
  part: "a" | "b" | "c";
  measurement: string;
  /** The value measured (CodeGenie's, unless the measurement says otherwise). */
  measured: string;
  /** What it is compared with (node-llama-cpp directly, or one stream); the ratio is measured / baseline. */
  baseline: string;
  ratio: string;
  target: string;
}

const HEADERS: Record<keyof ResultRow, string> = {
  part: "Part",
  measurement: "Measurement",
  measured: "Measured",
  baseline: "Baseline",
  ratio: "Ratio",
  target: "Target",
};

/** The rows as a Markdown table (readable in a terminal and pasteable into the README). */
export function formatTable(rows: ResultRow[]): string {
  const keys = Object.keys(HEADERS) as (keyof ResultRow)[];
  const widths = keys.map((key) =>
    Math.max(HEADERS[key].length, ...rows.map((row) => row[key].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(" | ")} |`;
  return [
    line(keys.map((key) => HEADERS[key])),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map((row) => line(keys.map((key) => row[key]))),
  ].join("\n");
}

/** A number with `digits` decimals, or "–" when it is not a finite number. */
export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "–";
}

/** `value / baseline` with two decimals and a `×`. */
export function ratio(value: number, baseline: number): string {
  return `${fixed(value / baseline, 2)}×`;
}

/** Bytes in MiB, one decimal. */
export function mebibytes(bytes: number): string {
  return `${fixed(bytes / 1024 ** 2)} MiB`;
}
