import { createTheme } from "@mantine/core";

/** CodeGenie's Mantine theme; kept small so Mantine's defaults do most of the work. */
export const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "md",
  fontFamilyMonospace:
    "ui-monospace, SFMono-Regular, Menlo, Monaco, Consolas, 'Liberation Mono', monospace",
});
