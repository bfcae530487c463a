import { createPrng, deriveSeed } from "./prng";

/**
 * A byte-level BPE vocabulary in the GPT-2 style that llama.cpp reads as `tokenizer.ggml.model =
 * "gpt2"`: all 256 byte symbols (so any text tokenizes), multi-character pieces of common code
 * reached by merges, and DeepSeek-Coder's special tokens as control tokens.
 */

/** DeepSeek-Coder's special tokens, in the order of their ids in the real model (32013…32021). */
export const SPECIAL_TOKENS = [
  "<｜begin▁of▁sentence｜>",
  "<｜end▁of▁sentence｜>",
  "<｜fim▁hole｜>",
  "<｜fim▁begin｜>",
  "<｜fim▁end｜>",
  "<pad>",
  "<|User|>",
  "<|Assistant|>",
  "<|EOT|>",
] as const;

/** `enum llama_token_type` values stored in `tokenizer.ggml.token_type`. */
export const TOKEN_TYPE = { normal: 1, control: 3 } as const;

/** How the output layer should treat a token when the writer biases sampling. */
export const TOKEN_KIND = {
  /** Readable text: printable ASCII, tab, newline or a whole UTF-8 character. */
  printable: 0,
  /** A byte that is not readable on its own (control characters, lone UTF-8 bytes). */
  unprintable: 1,
  /** A special (control) token, including every end-of-generation token. */
  control: 2,
} as const;

/** Everything the tokenizer metadata and the output layer need. */
export interface Vocabulary {
  /** Token texts by id (byte-encoded for normal tokens, raw for special ones). */
  tokens: string[];
  /** `enum llama_token_type` by id. */
  tokenTypes: number[];
  /** BPE merges, `"left right"`, highest priority first. */
  merges: string[];
  /** A {@link TOKEN_KIND} by id. */
  kinds: Uint8Array;
  bosId: number;
  /** `<|EOT|>`: DeepSeek-Coder instruct's end-of-sequence token. */
  eosId: number;
  /** `<｜end▁of▁sentence｜>`, the padding token of the real model. */
  padId: number;
}

// Code fragments most worth a token of their own, most useful first (the tiny vocabulary keeps only
// the head of this list). Generated random text is a sequence of these, so it reads like code soup.
// biome-ignore format: a dense table reads better than one entry per line
const CODE_PIECES = [
  "    ", "  ", "\n    ", "\n", "()", " =", " (", "):", " {", "}", ");", " ==", " return", "def ",
  " if", " for", " in", "self", "import", " the", " const", "function", " int", "print", "class ",
  " let", " else", " x", " i", " +", " -", "[]", "->", "=>", " true", " false", "None", "null",
  " from", " while", " value", " list", " data", " result", " name", " key", "console.log",
  " public", " static", " void", " String", " string", " async", " await", " new", " this",
  "fn ", " mut", " impl", " pub", " struct", " match", "SELECT", " FROM", " WHERE", " JOIN",
  " ORDER BY", " GROUP BY", "INSERT INTO", " VALUES", "package", "func ", " main", "#include",
  "std::", " vector", " auto", " namespace", " template", " lambda", " yield", " with", " as",
  " pass", " break", " continue", " range", "len", ".append", ".map", ".filter", " sum", " index",
  " item", " count", " error", " get", " set", " add", " update", " delete", " test", " assert",
  " export", " default", " interface", " type", " extends", " println", "fmt.", " array",
  " length", " size", ".push", " node", " next", " left", " right", " root", " sort", " max",
  " min", " math", " time", " file", " open", " read", " write", " path", " json", " http",
  " request", " response", " user", " id", " try", " except", " catch", " finally", " raise",
  " throw", " not", " and", " or", " is", " of", " to", " a", " an", " loop", " query", " table",
  " number", " str", " dict", " float", " bool", " char", " double", " long", " return;", "0",
  "1", " 0", " 1", " 2", " 10", " 100", "//", " #", "/*", " */", " !=", " <=", " >=", " &&", " ||",
  "++", " +=", " -=", "::", "\"\"", "''", "\")", "')", "\",", "',", "{}", "(self", "__init__",
  "é", "ü", "→", "λ", "中", "✓",
];

// biome-ignore format: a dense table reads better than one entry per line
const SYLLABLE_ONSETS = [
  "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "st", "tr", "ch",
];
const SYLLABLE_VOWELS = ["a", "e", "i", "o", "u", "ou", "ea"];

/**
 * Builds a vocabulary of exactly `size` tokens with the special tokens at `specialTokensStart`.
 * Deterministic: the filler words come from a PRNG seeded by `seed`.
 */
export function buildVocabulary(
  size: number,
  specialTokensStart: number,
  seed: number,
): Vocabulary {
  const byteSymbols = gpt2ByteSymbols();
  const normalTexts: string[] = [...byteSymbols];
  const normalKinds: number[] = byteSymbols.map((_, byte) => byteKind(byte));
  const known = new Set(normalTexts);
  const merges: string[] = [];
  const normalCapacity = size - SPECIAL_TOKENS.length;

  /** Adds a piece and every prefix it needs, with the merges that build it; false if no room. */
  const addPiece = (piece: string): boolean => {
    const bytes = Buffer.from(piece, "utf8");
    const symbols = [...bytes].map((byte) => byteSymbols[byte] ?? "");
    const missing: number[] = [];
    let prefix = symbols[0] ?? "";
    for (let i = 1; i < symbols.length; i++) {
      prefix += symbols[i];
      if (!known.has(prefix)) missing.push(i);
    }
    if (missing.length === 0) return true;
    if (normalTexts.length + missing.length > normalCapacity) return false;
    for (const end of missing) {
      const left = symbols.slice(0, end).join("");
      const right = symbols[end] ?? "";
      merges.push(`${left} ${right}`);
      normalTexts.push(left + right);
      normalKinds.push(
        isWholeUtf8(bytes.subarray(0, end + 1)) ? TOKEN_KIND.printable : TOKEN_KIND.unprintable,
      );
      known.add(left + right);
    }
    return true;
  };

  for (const piece of CODE_PIECES) {
    if (normalTexts.length >= normalCapacity) break;
    addPiece(piece);
  }
  const random = createPrng(deriveSeed(seed, "vocabulary"));
  const pick = (items: readonly string[]) => items[Math.floor(random() * items.length)] ?? "";
  while (normalTexts.length < normalCapacity) {
    let word = random() < 0.6 ? " " : "";
    const syllables = 1 + Math.floor(random() * 3);
    for (let i = 0; i < syllables; i++) word += pick(SYLLABLE_ONSETS) + pick(SYLLABLE_VOWELS);
    if (random() < 0.3) word += pick(SYLLABLE_ONSETS);
    addPiece(word);
  }

  const tokens: string[] = [];
  const tokenTypes: number[] = [];
  const kinds = new Uint8Array(size);
  let normalIndex = 0;
  for (let id = 0; id < size; id++) {
    const specialIndex = id - specialTokensStart;
    const special = SPECIAL_TOKENS[specialIndex];
    if (specialIndex >= 0 && special !== undefined) {
      tokens.push(special);
      tokenTypes.push(TOKEN_TYPE.control);
      kinds[id] = TOKEN_KIND.control;
      continue;
    }
    tokens.push(normalTexts[normalIndex] ?? "");
    tokenTypes.push(TOKEN_TYPE.normal);
    kinds[id] = normalKinds[normalIndex] ?? TOKEN_KIND.unprintable;
    normalIndex++;
  }

  return {
    tokens,
    tokenTypes,
    merges,
    kinds,
    bosId: specialTokensStart + SPECIAL_TOKENS.indexOf("<｜begin▁of▁sentence｜>"),
    eosId: specialTokensStart + SPECIAL_TOKENS.indexOf("<|EOT|>"),
    padId: specialTokensStart + SPECIAL_TOKENS.indexOf("<｜end▁of▁sentence｜>"),
  };
}

/**
 * GPT-2's `bytes_to_unicode`: every byte maps to a printable character, so byte-level tokens are
 * valid strings. Bytes that are already visible map to themselves, the rest to U+0100 upwards
 * (space becomes "Ġ", newline "Ċ").
 */
export function gpt2ByteSymbols(): string[] {
  const symbols: string[] = new Array(256);
  let next = 256;
  for (let byte = 0; byte < 256; byte++) {
    const isVisible =
      (byte >= 0x21 && byte <= 0x7e) ||
      (byte >= 0xa1 && byte <= 0xac) ||
      (byte >= 0xae && byte <= 0xff);
    symbols[byte] = String.fromCodePoint(isVisible ? byte : next++);
  }
  return symbols;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** True when the bytes are complete UTF-8 (a prefix of a multi-byte character is not). */
function isWholeUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function byteKind(byte: number): number {
  const isReadable = (byte >= 0x20 && byte <= 0x7e) || byte === 0x0a || byte === 0x09;
  return isReadable ? TOKEN_KIND.printable : TOKEN_KIND.unprintable;
}
