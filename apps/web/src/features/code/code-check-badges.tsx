import type { TCodeBlock } from "@codegenie/shared";
import { Badge, Loader, Tooltip, VisuallyHidden } from "@mantine/core";
import { useId } from "react";
import { describeAutomaticRun, firstErrorLine, RUN_STATUS_COLORS } from "./code-format";
import { languageLabel } from "./code-languages";

/** Props of {@link CodeCheckBadges}. */
export interface CodeCheckBadgesProps {
  /** The server's checks of this block; null while none are known. */
  block: TCodeBlock | null;
  /** The server is still checking the answer's blocks. */
  isChecking: boolean;
}

/**
 * A block's syntax check ("Valid Python" / "Syntax error at line 3", the parser's message in a
 * tooltip) and its automatic run ("Ran OK in 12 ms" / "Failed"); "Checking…" while pending;
 * nothing for languages that are not checked.
 */
export function CodeCheckBadges({ block, isChecking }: CodeCheckBadgesProps) {
  if (block?.syntax || block?.execution) {
    return (
      <>
        {block.syntax && <SyntaxBadge block={block} syntax={block.syntax} />}
        {block.execution && <AutomaticRunBadge block={block} run={block.execution} />}
      </>
    );
  }
  if (!isChecking) return null;
  return (
    <Badge
      variant="light"
      color="gray"
      size="sm"
      tt="none"
      leftSection={<Loader size={8} color="gray" />}
      data-testid="code-check"
    >
      Checking…
    </Badge>
  );
}

function SyntaxBadge({
  block,
  syntax,
}: {
  block: TCodeBlock;
  syntax: NonNullable<TCodeBlock["syntax"]>;
}) {
  const language = block.language ? languageLabel(block.language) : "code";
  if (syntax.valid) {
    return (
      <Badge variant="light" color="green" size="sm" tt="none" data-testid="code-check">
        Valid {language}
      </Badge>
    );
  }
  const { error } = syntax;
  const label = error ? `Syntax error at line ${error.line}` : "Syntax error";
  const details = error
    ? `${language}, line ${error.line}, column ${error.column}: ${error.message}`
    : `The ${language} parser found an error.`;
  return <BadgeWithDetails label={label} details={details} color="red" />;
}

function AutomaticRunBadge({
  block,
  run,
}: {
  block: TCodeBlock;
  run: NonNullable<TCodeBlock["execution"]>;
}) {
  const language = block.language ? languageLabel(block.language) : "The code";
  const reason = firstErrorLine(run.stderr);
  const details =
    run.status === "ok"
      ? `${language} ran once in the sandbox after the answer was written, without errors.`
      : `Run once in the sandbox after the answer was written${reason ? `: ${reason}` : "."}`;
  return (
    <BadgeWithDetails
      label={describeAutomaticRun(run)}
      details={details}
      color={RUN_STATUS_COLORS[run.status]}
      variant="outline"
      testId="code-auto-run"
    />
  );
}

interface BadgeWithDetailsProps {
  label: string;
  details: string;
  color: string;
  variant?: "light" | "outline";
  testId?: string;
}

/** A badge whose details show on hover, focus or touch, and are read out by screen readers. */
function BadgeWithDetails({
  label,
  details,
  color,
  variant = "light",
  testId = "code-check",
}: BadgeWithDetailsProps) {
  const detailsId = useId();
  return (
    <>
      <Tooltip
        label={details}
        multiline
        maw={360}
        withArrow
        events={{ hover: true, focus: true, touch: true }}
      >
        <Badge
          variant={variant}
          color={color}
          size="sm"
          tt="none"
          tabIndex={0}
          aria-describedby={detailsId}
          data-testid={testId}
          style={{ cursor: "help" }}
        >
          {label}
        </Badge>
      </Tooltip>
      <VisuallyHidden id={detailsId}>{details}</VisuallyHidden>
    </>
  );
}
