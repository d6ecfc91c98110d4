/**
 * Text preparation for the offline engine: caps the input, removes invisible characters (and
 * records that they were there), applies Unicode NFKC, folds Latin look-alike letters inside
 * mixed-script words, strips MDX / markdown / HTML, and splits the prose into sentences tagged
 * with the section they belong to. Code blocks, tables and link targets are kept apart as
 * "searchable" text: they are not prose, but they are where addresses and raw amounts live.
 */
import { parseFrontmatter, splitFrontmatter } from "../../corpus/frontmatter.js";

/** Characters of description processed; the rest is ignored (and flagged). */
export const MAX_INPUT_CHARS = 262_144;

export interface HiddenCharacters {
  zeroWidth: number;
  bidi: number;
  /** Unicode tag characters (U+E0000 block), used for "ASCII smuggling". */
  tags: number;
  /** Other invisible, control, private-use or unassigned code points. */
  other: number;
  /** The ASCII text hidden in tag characters, if any. */
  taggedText: string;
}

export interface Sentence {
  text: string;
  /** Position among all sentences of the document. */
  index: number;
  /** The heading of the section the sentence is in ("" before the first heading). */
  section: string;
}

export interface PreparedText {
  /** Frontmatter `title:`, else the first heading, else null. */
  title: string | null;
  /** Plain prose (markdown stripped, code and tables removed), paragraphs separated by blank lines. */
  prose: string;
  sentences: Sentence[];
  /** Prose plus code blocks, table rows, link targets and HTML comments: for mention checks. */
  searchable: string;
  /** Lines of tables and code, kept for raw-amount checks. */
  codeAndTables: string[];
  /** Link targets and bare URLs. */
  urls: string[];
  /** Text inside HTML comments (invisible when rendered). */
  comments: string[];
  hidden: HiddenCharacters;
  /** Words that mixed Latin with look-alike Cyrillic/Greek letters, as written. */
  lookalikes: string[];
  /** Digits from other scripts (e.g. Arabic-Indic) that were present. */
  foreignDigits: number;
  truncated: boolean;
  originalLength: number;
}

const ZERO_WIDTH = /[\u200B\u200C\u2060-\u2064\uFEFF\u180E\u00AD]|\u200D|\u034F/gu;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;
const TAGS = /[\u{E0000}-\u{E007F}]/gu;
const VARIATION = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
const FILLERS = /[\u115F\u1160\u3164\uFFA0\u2800]/gu;
const OTHER_INVISIBLE = /(?![\t\n\r])[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu;

function count(text: string, re: RegExp): number {
  re.lastIndex = 0;
  let n = 0;
  for (const _ of text.matchAll(re)) n++;
  return n;
}

/** Removes invisible code points and reports what was there. */
export function removeInvisible(text: string): { text: string; hidden: HiddenCharacters } {
  const taggedText = Array.from(text.matchAll(TAGS))
    .map((m) => {
      const cp = m[0].codePointAt(0) ?? 0;
      return cp >= 0xe0020 && cp <= 0xe007e ? String.fromCodePoint(cp - 0xe0000) : "";
    })
    .join("");
  const hidden: HiddenCharacters = {
    zeroWidth: count(text, ZERO_WIDTH),
    bidi: count(text, BIDI),
    tags: count(text, TAGS),
    other: count(text, VARIATION) + count(text, FILLERS),
    taggedText,
  };
  let out = text
    .replace(TAGS, "")
    .replace(ZERO_WIDTH, "")
    .replace(BIDI, "")
    .replace(VARIATION, "")
    .replace(FILLERS, " ")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u2028\u2029]/g, "\n");
  const before = out.length;
  out = out.replace(/\t/g, "  ").replace(OTHER_INVISIBLE, "");
  hidden.other += before - out.length;
  return { text: out, hidden };
}

/** Latin look-alikes from Cyrillic and Greek (the confusables that matter for words and symbols). */
const CONFUSABLES: Record<string, string> = {
  а: "a",
  в: "b",
  е: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  і: "i",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  ӏ: "l",
  ɡ: "g",
  А: "A",
  В: "B",
  Е: "E",
  К: "K",
  М: "M",
  Н: "H",
  О: "O",
  Р: "P",
  С: "C",
  Т: "T",
  Х: "X",
  У: "Y",
  І: "I",
  Ј: "J",
  Ѕ: "S",
  Ԁ: "D",
  Ԛ: "Q",
  Ԝ: "W",
  Α: "A",
  Β: "B",
  Ε: "E",
  Ζ: "Z",
  Η: "H",
  Ι: "I",
  Κ: "K",
  Μ: "M",
  Ν: "N",
  Ο: "O",
  Ρ: "P",
  Τ: "T",
  Υ: "Y",
  Χ: "X",
  ο: "o",
  ν: "v",
  ι: "i",
  κ: "k",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
};
const CONFUSABLE_CLASS = new RegExp(`[${Object.keys(CONFUSABLES).join("")}]`, "u");
const SENSITIVE_WORDS = new Set([
  "ETH",
  "ENS",
  "USDC",
  "USDT",
  "DAI",
  "WETH",
  "USD",
  "SOCIAL",
  "TRANSFER",
  "UPGRADE",
]);

/**
 * Folds look-alike letters to Latin in words that mix scripts ("ЕTH" with a Cyrillic Е), and in
 * all-look-alike words that spell a sensitive word ("ЕТН"). Returns the folded text and the
 * words that were folded, as written.
 */
export function foldLookalikes(text: string): { text: string; folded: string[] } {
  const folded: string[] = [];
  const out = text.replace(/[\p{L}\p{N}]+/gu, (word) => {
    if (!CONFUSABLE_CLASS.test(word)) return word;
    const hasLatin = /[A-Za-z]/.test(word);
    const mapped = Array.from(word)
      .map((ch) => CONFUSABLES[ch] ?? ch)
      .join("");
    const allMapped = /^[A-Za-z0-9]+$/.test(mapped);
    if (hasLatin || (allMapped && SENSITIVE_WORDS.has(mapped.toUpperCase()))) {
      folded.push(word);
      return mapped;
    }
    return word;
  });
  return { text: out, folded };
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&apos;": "'",
  "&nbsp;": " ",
};

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-fA-F]{1,6});/g, (_, h: string) => safeChar(Number.parseInt(h, 16)))
    .replace(/&#(\d{1,7});/g, (_, d: string) => safeChar(Number.parseInt(d, 10)))
    .replace(/&[a-z]+;|&#39;/g, (e) => ENTITIES[e] ?? e);
}

function safeChar(cp: number): string {
  if (!Number.isFinite(cp) || cp > 0x10ffff) return " ";
  const ch = String.fromCodePoint(cp);
  return /[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/u.test(ch) ? " " : ch;
}

/** Markdown inline syntax to plain text; link targets are pushed to `urls`. */
function stripInline(line: string, urls: string[]): string {
  let s = line;
  s = s.replace(
    /!\[((?:[^[\]]|\[[^\]]*\])*)\]\(([^)\s]*)[^)]*\)/g,
    (_, _alt: string, url: string) => {
      urls.push(url);
      return " ";
    },
  );
  s = s.replace(
    /\[((?:[^[\]]|\[[^\]]*\])*)\]\(([^)\s]*)[^)]*\)/g,
    (_, text: string, url: string) => {
      urls.push(url);
      return text;
    },
  );
  s = s.replace(/<(https?:\/\/[^>\s]+)>/g, (_, url: string) => {
    urls.push(url);
    return " ";
  });
  s = s.replace(/https?:\/\/[^\s)\]]+/g, (url) => {
    urls.push(url);
    return " ";
  });
  s = s.replace(/<\/?[A-Za-z][^>]*>/g, " ");
  s = s.replace(/`([^`]*)`/g, "$1");
  s = s.replace(/(\*\*|__|~~)(?=\S)([\s\S]*?\S)\1/g, "$2");
  s = s.replace(/(^|[\s(])[*_](?=\S)([^*_\n]*?\S)[*_](?=[\s).,;:!?]|$)/g, "$1$2");
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!|~>$])/g, "$1");
  s = s.replace(/\*\*|~~/g, "");
  return s;
}

const SENTENCE_END = /(?<=[.!?])["')\]]?\s+(?=["'([]?[A-Z0-9$])/;
const ABBREVIATION =
  /\b(e\.g|i\.e|etc|vs|approx|no|nos|mr|mrs|ms|dr|st|inc|ltd|co|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|u\.s|fig|est)\.$/i;

/** Splits a paragraph into sentences, keeping abbreviations and decimals together. */
export function splitSentences(paragraph: string): string[] {
  const parts = paragraph.split(SENTENCE_END);
  const out: string[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (last !== undefined && ABBREVIATION.test(last)) out[out.length - 1] = `${last} ${part}`;
    else out.push(part);
  }
  return out.map((s) => s.replace(/\s+/g, " ").trim()).filter((s) => s.length > 0);
}

/** Caps, cleans and splits a proposal description. Never throws. */
export function prepareText(input: string, maxChars = MAX_INPUT_CHARS): PreparedText {
  const raw = typeof input === "string" ? input : "";
  const originalLength = raw.length;
  const truncated = raw.length > maxChars;
  const capped = truncated ? raw.slice(0, maxChars) : raw;

  const { text: visible, hidden } = removeInvisible(capped);
  const normalized = visible.normalize("NFKC");
  const foreignDigits = count(normalized, /(?![0-9])\p{Nd}/gu);
  const { text: folded, folded: lookalikes } = foldLookalikes(normalized);

  const { yaml, body } = splitFrontmatter(folded);
  const fm = yaml ? parseFrontmatter(yaml) : {};
  let title: string | null =
    typeof fm.title === "string" && fm.title.trim() ? fm.title.trim() : null;

  const comments: string[] = [];
  const withoutComments = body.replace(/<!--([\s\S]*?)(-->|$)/g, (_, c: string) => {
    comments.push(c.trim());
    return "\n";
  });

  const urls: string[] = [];
  const codeAndTables: string[] = [];
  const paragraphs: { text: string; section: string }[] = [];
  let section = "";
  let current: string[] = [];
  let inFence = false;
  const flush = () => {
    if (current.length > 0) paragraphs.push({ text: current.join("\n"), section });
    current = [];
  };

  for (const rawLine of withoutComments.split("\n")) {
    const line = decodeEntities(rawLine);
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      flush();
      continue;
    }
    if (inFence) {
      codeAndTables.push(line);
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === "" || /^(-{3,}|\*{3,}|_{3,})$/.test(trimmed)) {
      flush();
      continue;
    }
    if (/^(import|export)\s/.test(trimmed) || /^::/.test(trimmed)) continue;
    if (/^\|/.test(trimmed) || /^<\/?(table|tr|td|th|thead|tbody)\b/i.test(trimmed)) {
      flush();
      codeAndTables.push(stripInline(trimmed, urls));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(trimmed);
    if (heading) {
      flush();
      const text = stripInline(heading[2] ?? "", urls)
        .replace(/\s+/g, " ")
        .trim();
      if (title === null && text) title = text;
      else section = text;
      continue;
    }
    let content = trimmed.replace(/^>\s?/, "");
    const item = /^([-*+]|\d+[.)])\s+(.*)$/.exec(content);
    if (item) {
      // A list item is its own sentence: end the previous one.
      flush();
      content = item[2] ?? "";
    }
    const plain = stripInline(content, urls).replace(/\s+/g, " ").trim();
    if (plain) current.push(plain);
    if (item) flush();
  }
  flush();

  const sentences: Sentence[] = [];
  const proseParts: string[] = [];
  for (const p of paragraphs) {
    const joined = p.text.replace(/\n/g, " ");
    proseParts.push(joined);
    for (const s of splitSentences(joined)) {
      sentences.push({ text: s, index: sentences.length, section: p.section });
    }
  }
  const prose = proseParts.join("\n\n");
  const searchable = [title ?? "", prose, ...codeAndTables, ...urls, ...comments].join("\n");
  return {
    title,
    prose,
    sentences,
    searchable,
    codeAndTables,
    urls,
    comments,
    hidden,
    lookalikes,
    foreignDigits,
    truncated,
    originalLength,
  };
}
