import { sql } from "drizzle-orm";
import type { Database } from "../db/database";

/** Column name → PostgreSQL element type of its array parameter (`uuid`, `text`, `timestamptz` …). */
export type ColumnTypes = Readonly<Record<string, string>>;

/** Rows of one table held column by column, ready for one `unnest` insert. */
export class ColumnChunk<C extends ColumnTypes> {
  readonly values: { [K in keyof C]: unknown[] };
  length = 0;

  constructor(
    readonly table: string,
    readonly columns: C,
  ) {
    const values = {} as { [K in keyof C]: unknown[] };
    for (const name in columns) values[name] = [];
    this.values = values;
  }

  push(row: { [K in keyof C]: unknown }): void {
    for (const name in this.columns) this.values[name].push(row[name]);
    this.length += 1;
  }
}

/**
 * Inserts a chunk with one statement, `insert into t (a, b) select * from unnest($1::uuid[],
 * $2::text[])`: one array parameter per column whatever the row count (a statement may have at
 * most 65 535 parameters, and Drizzle's multi-row insert overflows the stack near 100 000 rows).
 * Columns are listed explicitly; generated columns (`search_vector`, `comment_terms`) are left to
 * the database. Table and column names come from this module's constants, never from input.
 */
export async function insertChunk(db: Database, chunk: ColumnChunk<ColumnTypes>): Promise<void> {
  if (chunk.length === 0) return;
  const names = Object.keys(chunk.columns);
  const columnList = sql.raw(names.map((name) => `"${name}"`).join(", "));
  const arrays = sql.join(
    names.map(
      (name) => sql`${sql.param(chunk.values[name])}::${sql.raw(`${chunk.columns[name]}[]`)}`,
    ),
    sql`, `,
  );
  await db.execute(
    sql`insert into ${sql.raw(`"${chunk.table}"`)} (${columnList}) select * from unnest(${arrays})`,
  );
}
