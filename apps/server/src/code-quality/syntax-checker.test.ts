import { describe, expect, it } from "vitest";
import { SyntaxChecker } from "./syntax-checker";

// The real grammars (tree-sitter-wasms) and the real SQL parser; no doubles.
const checker = new SyntaxChecker();

describe("SyntaxChecker", () => {
  it.each([
    ["python", "def add(a, b):\n    return a + b\n\nprint(add(1, 2))\n"],
    ["javascript", "const add = (a, b) => a + b;\nconsole.log(add(1, 2));\n"],
    ["typescript", "function add(a: number, b: number): number {\n  return a + b;\n}\n"],
    ["c", '#include <stdio.h>\nint main(void) {\n  printf("%d\\n", 1);\n  return 0;\n}\n'],
    ["cpp", "#include <iostream>\nint main() {\n  std::cout << 1 << std::endl;\n}\n"],
    [
      "java",
      "public class Main {\n  public static void main(String[] args) {\n    System.out.println(1);\n  }\n}\n",
    ],
    ["go", 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(1)\n}\n'],
    [
      "rust",
      'fn main() {\n    let mut total = 0;\n    total += 1;\n    println!("{}", total);\n}\n',
    ],
    ["bash", 'for file in *.txt; do\n  echo "$file"\ndone\n'],
    [
      "sql",
      "SELECT name, count(*) FROM users\nWHERE created_at > now() - interval '1 day'\nGROUP BY name;\n",
    ],
  ])("%s: valid code is valid", async (language, code) => {
    expect(await checker.check(language, code)).toEqual({ valid: true, error: null });
  });

  it.each([
    // [language, code, line, column, message]
    ["python", "def f(:\n    pass\n", 1, 7, 'missing ")"'],
    ["python", "x = 1\nprint('unclosed'\n", 2, 1, "unexpected \"print('unclosed'\""],
    ["javascript", "const a = 1;\nconst b = ;\n", 2, 9, 'unexpected "="'],
    ["javascript", "function f() {\n  return 1\n", 2, 11, 'missing "}"'],
    ["typescript", "let total: number = 1;\nlet x: = 2;\n", 2, 6, 'unexpected ":"'],
    ["c", "int main() {\n  return 0\n}\n", 2, 11, 'missing ";"'],
    ["cpp", "#include <iostream>\nint main() { std::cout << 1 }\n", 2, 30, 'missing ";"'],
    ["java", "public class A {\n  void f() { int x = 1 }\n}\n", 2, 23, 'missing ";"'],
    ["go", "package main\n\nfunc main() {\n\tx := \n}\n", 4, 6, "missing identifier"],
    ["rust", "fn main() {\n    let x = 1\n}\n", 2, 14, 'missing ";"'],
    ["bash", "if [ -f x ]; then\n  echo yes\n", 3, 1, 'missing "fi"'],
    [
      "sql",
      "SELECT *\nFROM\nWHERE id = 1;",
      3,
      7,
      'Expected "(", "--", ".", "/*", or [ \\t\\n\\r] but "i" found.',
    ],
  ])(
    "%s: finds the first error at its line and column",
    async (language, code, line, column, message) => {
      expect(await checker.check(language, code)).toEqual({
        valid: false,
        error: { line, column, message },
      });
    },
  );

  it("counts columns in characters, not UTF-16 code units or bytes", async () => {
    // "=" is the 28th character of the line; the emoji takes two UTF-16 units, "ë" two bytes.
    const result = await checker.check("javascript", 'const s = "Zoë 😀"; const b = ;\n');
    expect(result).toEqual({
      valid: false,
      error: { line: 1, column: 28, message: 'unexpected "="' },
    });
  });

  it("parses TSX blocks with the TSX grammar", async () => {
    const code = 'const App = () => <div className="a">{count as number}</div>;\n';
    expect(await checker.check("typescript", code, "tsx")).toEqual({ valid: true, error: null });
    expect((await checker.check("typescript", code, "ts"))?.valid).toBe(false);
  });

  it("does not check languages it has no grammar for, nor unknown ones", async () => {
    expect(await checker.check("haskell", "main = print 1")).toBeNull();
    expect(await checker.check(null, "anything")).toBeNull();
  });

  it("gives false errors on some PostgreSQL-only statements (documented)", async () => {
    // node-sql-parser's PostgreSQL grammar does not know these; the README lists them.
    expect((await checker.check("sql", "VACUUM ANALYZE users;"))?.valid).toBe(false);
    expect((await checker.check("sql", "COPY t FROM '/tmp/x.csv' WITH (FORMAT csv);"))?.valid).toBe(
      false,
    );
  });
});
