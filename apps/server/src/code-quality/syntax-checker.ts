import { createRequire } from "node:module";
import { type TCheckedLanguage, ZCheckedLanguage } from "@codegenie/shared";
// A CommonJS build: Node (and tsx) load it only by its full file name, with a default import.
import postgresql from "node-sql-parser/build/postgresql.js";
import { Language, type Node, Parser } from "web-tree-sitter";
import { z } from "zod";

const require = createRequire(import.meta.url);

/** Where a syntax error is (1-based line and column, in characters) and what went wrong. */
export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

/** The outcome of a syntax check: valid, or the first error. */
export type SyntaxCheck = { valid: true; error: null } | { valid: false; error: SyntaxProblem };

/** The tree-sitter grammars of tree-sitter-wasms, by file name. */
type Grammar = Exclude<TCheckedLanguage, "sql"> | "tsx";

/** Longest piece of code quoted in a message, in characters. */
const QUOTE_LIMIT = 40;
/** Longest parser message kept, in characters (node-sql-parser lists every expected token). */
const MESSAGE_LIMIT = 300;

/**
 * Checks whether code parses: tree-sitter grammars (web-tree-sitter 0.25.10 with the prebuilt
 * grammars of tree-sitter-wasms 0.1.13; newer web-tree-sitter cannot load them) for Python,
 * JavaScript, TypeScript (TSX for `tsx` blocks), C, C++, Java, Go, Rust and Bash, and
 * node-sql-parser's PostgreSQL dialect for SQL. Each grammar is loaded once, on first use, and
 * kept with its parser. Not safe for concurrent `check` calls interleaving across `await`s on
 * the same grammar — the checks run one at a time (see CodeCheckService).
 */
export class SyntaxChecker {
  readonly #parsers = new Map<Grammar, Promise<Parser>>();
  #sqlParser: InstanceType<typeof postgresql.Parser> | undefined;

  /**
   * Checks `code` as `language` (normalised, as `languageOfBlock` gives it); null when the
   * language has no check. `tag` is the fence tag as written: `tsx` picks the TSX grammar.
   */
  async check(
    language: string | null,
    code: string,
    tag?: string | null,
  ): Promise<SyntaxCheck | null> {
    const parsed = ZCheckedLanguage.safeParse(language);
    if (!parsed.success) return null;
    const checked = parsed.data;
    if (checked === "sql") return this.#checkSql(code);
    const grammar: Grammar =
      checked === "typescript" && tag?.trim().toLowerCase() === "tsx" ? "tsx" : checked;
    const parser = await this.#parser(grammar);
    const tree = parser.parse(code);
    if (!tree) throw new Error(`tree-sitter returned no tree for ${grammar}`);
    try {
      if (!tree.rootNode.hasError) return { valid: true, error: null };
      return {
        valid: false,
        error: describeNode(firstProblem(tree.rootNode) ?? tree.rootNode, code),
      };
    } finally {
      tree.delete();
    }
  }

  #parser(grammar: Grammar): Promise<Parser> {
    let parser = this.#parsers.get(grammar);
    if (!parser) {
      parser = loadParser(grammar);
      // A failed load is not kept, so the next check tries again.
      parser.catch(() => this.#parsers.delete(grammar));
      this.#parsers.set(grammar, parser);
    }
    return parser;
  }

  #checkSql(code: string): SyntaxCheck {
    this.#sqlParser ??= new postgresql.Parser();
    try {
      this.#sqlParser.astify(code, { database: "postgresql" });
      return { valid: true, error: null };
    } catch (error) {
      const location = sqlErrorLocation(error);
      const message = error instanceof Error ? error.message : String(error);
      return {
        valid: false,
        error: {
          line: location?.line ?? 1,
          column: location?.column ?? 1,
          message: truncate(message, MESSAGE_LIMIT),
        },
      };
    }
  }
}

let runtimeReady: Promise<void> | undefined;

async function loadParser(grammar: Grammar): Promise<Parser> {
  runtimeReady ??= Parser.init();
  await runtimeReady;
  const language = await Language.load(
    require.resolve(`tree-sitter-wasms/out/tree-sitter-${grammar}.wasm`),
  );
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** The first ERROR or MISSING node in document order, skipping subtrees without errors. */
function firstProblem(root: Node): Node | undefined {
  const stack: Node[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.isError || node.isMissing) return node;
    if (!node.hasError) continue;
    const children = node.children.filter((child): child is Node => child !== null);
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const child = children[index];
      if (child) stack.push(child);
    }
  }
  return undefined;
}

/** "missing X" for a MISSING node, "unexpected …" (its first line) for an ERROR node. */
function describeNode(node: Node, code: string): SyntaxProblem {
  const { row, column } = node.startPosition;
  const position = { line: row + 1, column: characterColumn(code, row, column) };
  if (node.isMissing) {
    // A missing token is quoted (`missing ";"`), a missing named node is not (`missing identifier`).
    return { ...position, message: `missing ${node.isNamed ? node.type : quote(node.type)}` };
  }
  const text = node.text.split("\n")[0]?.trim() ?? "";
  const message =
    text === "" ? "unexpected end of input" : `unexpected ${quote(truncate(text, QUOTE_LIMIT))}`;
  return { ...position, message };
}

/**
 * web-tree-sitter reads JavaScript strings as UTF-16 and counts columns in code units; people
 * count characters (an emoji is one), 1-based.
 */
function characterColumn(code: string, row: number, codeUnitColumn: number): number {
  const line = code.split("\n")[row] ?? "";
  return [...line.slice(0, codeUnitColumn)].length + 1;
}

function quote(text: string): string {
  return `"${text}"`;
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** The location node-sql-parser's (peggy's) syntax errors carry, 1-based. */
const ZSqlErrorLocation = z.object({
  location: z.object({ start: z.object({ line: z.int().min(1), column: z.int().min(1) }) }),
});

function sqlErrorLocation(error: unknown): { line: number; column: number } | undefined {
  return ZSqlErrorLocation.safeParse(error).data?.location.start;
}
