import type { TLanguage } from "@codegenie/shared";
import { Input, useComputedColorScheme } from "@mantine/core";
import CodeMirror, { EditorView, keymap, Prec } from "@uiw/react-codemirror";
import { useId, useMemo, useRef } from "react";
import { editorLanguage } from "./code-languages";

/** Props of {@link CodeEditor}. */
export interface CodeEditorProps {
  label: string;
  /** One line under the label, e.g. how to leave the editor with the keyboard. */
  description?: string;
  value: string;
  onChange: (value: string) => void;
  /** Highlighting follows this language; `auto` is plain text. */
  language: TLanguage;
  /** Ctrl/⌘+Enter inside the editor (CodeMirror would otherwise insert a line). */
  onSubmit: () => void;
  error?: string | undefined;
  readOnly?: boolean;
}

/**
 * A CodeMirror editor as a form field: labelled for screen readers (the label names its text
 * box), highlighted for the chosen language, light or dark with the app. Tab indents, as people
 * expect in an editor; Esc then Tab moves on to the next field.
 */
export function CodeEditor(props: CodeEditorProps) {
  const { label, description, value, onChange, language, onSubmit, error, readOnly } = props;
  const colorScheme = useComputedColorScheme("light");
  const labelId = useId();
  const descriptionId = useId();
  // The keymap is built once; the ref lets it call the latest onSubmit.
  const submitRef = useRef(onSubmit);
  submitRef.current = onSubmit;

  const extensions = useMemo(
    () => [
      ...editorLanguage(language),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        "aria-labelledby": labelId,
        "aria-describedby": descriptionId,
        "aria-multiline": "true",
      }),
      Prec.highest(
        keymap.of([
          {
            key: "Mod-Enter",
            run: () => {
              submitRef.current();
              return true;
            },
          },
        ]),
      ),
    ],
    [language, labelId, descriptionId],
  );

  return (
    <Input.Wrapper
      label={label}
      labelProps={{ id: labelId }}
      description={description}
      descriptionProps={{ id: descriptionId }}
      error={error}
    >
      <div
        style={{
          border: `1px solid ${error ? "var(--mantine-color-error)" : "var(--mantine-color-default-border)"}`,
          borderRadius: "var(--mantine-radius-md)",
          overflow: "hidden",
          marginTop: 4,
        }}
      >
        <CodeMirror
          value={value}
          onChange={onChange}
          extensions={extensions}
          theme={colorScheme}
          minHeight="200px"
          maxHeight="480px"
          readOnly={readOnly}
          placeholder="Paste the code to explain…"
          basicSetup={{ foldGutter: false, highlightActiveLine: !readOnly }}
        />
      </div>
    </Input.Wrapper>
  );
}
