import type { TLanguage } from "@codegenie/shared";
import { cpp } from "@codemirror/lang-cpp";
import { go } from "@codemirror/lang-go";
import { java } from "@codemirror/lang-java";
import { javascript } from "@codemirror/lang-javascript";
import { python } from "@codemirror/lang-python";
import { rust } from "@codemirror/lang-rust";
import { sql } from "@codemirror/lang-sql";
import { StreamLanguage } from "@codemirror/language";
import { shell } from "@codemirror/legacy-modes/mode/shell";
import type { Extension } from "@uiw/react-codemirror";

/**
 * CodeMirror's highlighting for a language; `auto` is plain text, since guessing wrong would
 * colour the code misleadingly. Bash has no Lezer grammar, so the legacy shell mode is used.
 */
export function editorLanguage(language: TLanguage): Extension[] {
  switch (language) {
    case "auto":
      return [];
    case "python":
      return [python()];
    case "cpp":
      return [cpp()];
    case "javascript":
      return [javascript()];
    case "typescript":
      return [javascript({ typescript: true })];
    case "sql":
      return [sql()];
    case "java":
      return [java()];
    case "go":
      return [go()];
    case "rust":
      return [rust()];
    case "bash":
      return [StreamLanguage.define(shell)];
  }
}
