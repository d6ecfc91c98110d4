/**
 * A strict JSON reader that reports where the text is wrong (1-based line and column) without
 * quoting the text: a configuration file may hold a value the user did not mean to print, so
 * messages describe the problem ("unquoted text", "trailing comma") instead of echoing it.
 * It also reports duplicate keys of the top-level object, which JSON.parse silently merges.
 */

export class JsonSyntaxError extends Error {
  override readonly name: string = "JsonSyntaxError";
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(reason: string, line: number, column: number) {
    super(`not valid JSON at line ${line}, column ${column}: ${reason}`);
    this.reason = reason;
    this.line = line;
    this.column = column;
  }
}

export interface DuplicateKey {
  key: string;
  line: number;
  column: number;
}

export interface ParsedJson {
  value: unknown;
  /** Keys that appear more than once in the top-level object (each later occurrence). */
  duplicateKeys: DuplicateKey[];
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Parses `text` as JSON (a leading byte-order mark is ignored); throws JsonSyntaxError. */
export function parseJson(text: string): ParsedJson {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = src.length;
  let i = 0;
  const duplicateKeys: DuplicateKey[] = [];

  const fail = (reason: string, at = i): never => {
    const { line, column } = lineColumn(src, at);
    throw new JsonSyntaxError(reason, line, column);
  };

  const describe = (expected: string): string => {
    if (i >= n) return `unexpected end of file, expected ${expected}`;
    const c = src[i] as string;
    if (c === "'") return `single quotes are not JSON (use double quotes), expected ${expected}`;
    if (c === "/") return `comments are not allowed in JSON, expected ${expected}`;
    if (/[A-Za-z0-9_$+.]/.test(c)) {
      return `unexpected unquoted text (strings need double quotes), expected ${expected}`;
    }
    if ((c === "}" || c === "]") && /,\s*$/.test(src.slice(0, i))) {
      return `unexpected "${c}" after a comma (trailing commas are not JSON), expected ${expected}`;
    }
    if (/[\x21-\x7e]/.test(c)) return `unexpected "${c}", expected ${expected}`;
    return `unexpected character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}, expected ${expected}`;
  };

  const ws = (): void => {
    while (i < n) {
      const c = src.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };

  const string = (): void => {
    const start = i;
    i++; // opening quote
    while (i < n) {
      const c = src.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c === 92) {
        const e = src[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
          continue;
        }
        if (e === "u" && HEX4.test(src.slice(i + 2, i + 6))) {
          i += 6;
          continue;
        }
        fail("invalid escape sequence in a string");
      }
      if (c < 0x20) fail("a line break or control character inside a string (a missing quote?)");
      i++;
    }
    fail("a string is not closed (missing double quote)", start);
  };

  const literal = (word: string): void => {
    if (src.startsWith(word, i)) i += word.length;
    else fail(describe("a value"));
  };

  const value = (depth: number): void => {
    ws();
    if (depth > 256) fail("nested too deeply");
    const c = src[i];
    if (c === "{") object(depth);
    else if (c === "[") array(depth);
    else if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(src)) fail("not a valid number");
      i = NUMBER.lastIndex;
    } else fail(describe("a value"));
  };

  const object = (depth: number): void => {
    i++; // {
    const seen = new Set<string>();
    ws();
    if (src[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (src[i] !== '"') fail(describe("a double-quoted key"));
      const keyStart = i;
      string();
      if (depth === 0) {
        const key = JSON.parse(src.slice(keyStart, i)) as string;
        if (seen.has(key)) duplicateKeys.push({ key, ...lineColumn(src, keyStart) });
        seen.add(key);
      }
      ws();
      if (src[i] !== ":") fail(describe('":" after the key'));
      i++;
      value(depth + 1);
      ws();
      if (src[i] === ",") {
        i++;
        continue;
      }
      if (src[i] === "}") {
        i++;
        return;
      }
      fail(describe('"," or "}"'));
    }
  };

  const array = (depth: number): void => {
    i++; // [
    ws();
    if (src[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      value(depth + 1);
      ws();
      if (src[i] === ",") {
        i++;
        continue;
      }
      if (src[i] === "]") {
        i++;
        return;
      }
      fail(describe('"," or "]"'));
    }
  };

  ws();
  if (i >= n) fail("the file is empty, expected a JSON object");
  value(0);
  ws();
  if (i < n) fail("more text after the end of the JSON value");
  return { value: JSON.parse(src) as unknown, duplicateKeys };
}
