// Reading the headers the hub and its CDN answer with.

/** A byte count header (Content-Length, x-linked-size); null when absent or not a number. */
export function parseLength(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value);
}

/** `"<64 hex>"` or `W/"<64 hex>"` → the hex, lowercase; anything else (a git sha1) → null. */
export function parseSha256(value: string | null): string | null {
  const match = value?.match(/^(?:W\/)?"?([0-9a-fA-F]{64})"?$/);
  return match?.[1]?.toLowerCase() ?? null;
}

/** `Content-Range: bytes start-end/total` → start and total (null for `*`). */
export function parseContentRange(
  value: string | null,
): { start: number; total: number | null } | null {
  const match = value?.match(/^bytes (\d+)-\d+\/(\d+|\*)$/);
  if (!match?.[1] || !match[2]) return null;
  return { start: Number(match[1]), total: match[2] === "*" ? null : Number(match[2]) };
}

/** The total of a 416 answer's `Content-Range: bytes *\/total`. */
export function parseUnsatisfiedRange(value: string | null): number | null {
  const match = value?.match(/^bytes \*\/(\d+)$/);
  return match?.[1] ? Number(match[1]) : null;
}
