import type { TWordCloudTerm } from "@codegenie/shared";
import { Box, Text, UnstyledButton, useComputedColorScheme } from "@mantine/core";
import { useElementSize } from "@mantine/hooks";
import cloud from "d3-cloud";
import { useEffect, useState } from "react";
import { seededRandom, sentimentColor, wordLabel, wordSizes } from "./word-cloud-style";

/** Where the layout put a word: its baseline centre relative to the middle, in pixels. */
interface WordPosition {
  size: number;
  x: number;
  y: number;
}

const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/** Props of {@link WordCloud}. */
export interface WordCloudProps {
  terms: readonly TWordCloudTerm[];
  /** The word whose comments are listed, shown pressed. */
  selected: string | null;
  onSelect: (term: string) => void;
  /** Height of the cloud in pixels, default 300. */
  height?: number;
}

/**
 * The terms of feedback comments as a word cloud laid out by d3-cloud in the browser: size by
 * how many comments hold the word, colour by their mean sentiment (red → grey → green). Each word
 * is a button named with its count and sentiment; a click lists the comments containing it. The
 * layout is seeded, so a refresh with the same words does not move them.
 */
export function WordCloud({ terms, selected, onSelect, height = 300 }: WordCloudProps) {
  const { ref, width } = useElementSize();
  const scheme = useComputedColorScheme("light");
  const positions = useCloudLayout(terms, Math.floor(width), height);
  // Positions come from the last layout; counts and colours from the latest answer.
  const placed = terms.flatMap((term) => {
    const position = positions.get(term.term);
    return position ? [{ term, ...position }] : [];
  });

  return (
    <Box
      ref={ref}
      pos="relative"
      h={height}
      style={{ overflow: "hidden" }}
      role="group"
      aria-label="Word cloud of feedback comments"
    >
      {placed.map((word) => {
        const isSelected = word.term.term === selected;
        return (
          <UnstyledButton
            key={word.term.term}
            onClick={() => onSelect(word.term.term)}
            aria-label={wordLabel(word.term)}
            aria-pressed={isSelected}
            title={wordLabel(word.term)}
            data-testid="cloud-word"
            style={{
              position: "absolute",
              left: width / 2 + word.x,
              // d3-cloud's y is the text's baseline; the button is centred on its glyphs.
              top: height / 2 + word.y - word.size * 0.35,
              transform: "translate(-50%, -50%)",
              fontSize: word.size,
              fontFamily: FONT_FAMILY,
              fontWeight: 600,
              lineHeight: 1,
              whiteSpace: "nowrap",
              color: sentimentColor(word.term.sentimentMean, scheme),
              borderRadius: 4,
              padding: "0 2px",
              outlineOffset: 1,
              textDecoration: isSelected ? "underline" : undefined,
              background: isSelected ? "var(--mantine-color-default-hover)" : undefined,
            }}
          >
            {word.term.term}
          </UnstyledButton>
        );
      })}
      {width > 0 && placed.length < terms.length && placed.length > 0 && (
        <Text size="xs" c="dimmed" pos="absolute" bottom={0} right={4}>
          {terms.length - placed.length} smaller words did not fit
        </Text>
      )}
    </Box>
  );
}

/** Runs d3-cloud whenever the words or the size change; [] until it has finished. */
function useCloudLayout(terms: readonly TWordCloudTerm[], width: number, height: number) {
  const [positions, setPositions] = useState<ReadonlyMap<string, WordPosition>>(new Map());
  // The layout depends on the words and counts only (not on the array's identity), so a live
  // refresh with the same words keeps the cloud as it is.
  const signature = terms.map((term) => `${term.term}:${term.count}`).join("|");

  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` stands for `terms`.
  useEffect(() => {
    if (width === 0 || terms.length === 0) {
      setPositions(new Map());
      return;
    }
    const maxSize = Math.max(20, Math.min(56, Math.round(width / 9)));
    const sizes = wordSizes(terms, 13, maxSize);
    const layout = cloud()
      .size([width, height])
      .words(terms.map((term) => ({ text: term.term, size: sizes.get(term.term) ?? 13 })))
      .padding(4)
      .rotate(0)
      .font(FONT_FAMILY)
      .fontWeight(600)
      .fontSize((word) => word.size ?? 13)
      .random(seededRandom(42))
      .on("end", (words) => {
        setPositions(
          new Map(
            words.map((word) => [
              word.text ?? "",
              { size: word.size ?? 13, x: word.x ?? 0, y: word.y ?? 0 },
            ]),
          ),
        );
      });
    layout.start();
    return () => {
      layout.stop();
    };
  }, [signature, width, height]);

  return positions;
}
