/**
 * Frontmatter of MDX/markdown documents: splitting it off and parsing the small YAML subset the
 * ENS corpus uses. No Node APIs, so the offline engine can use it anywhere.
 */

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'"))
    return v.slice(1, -1).replace(/''/g, "'");
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      return JSON.parse(v) as string;
    } catch {
      return v.slice(1, -1);
    }
  }
  return v;
}

/** Drops a YAML comment ("# ...") outside quotes; good enough for the corpus frontmatter. */
function stripComment(line: string): string {
  const t = line.trim();
  return t.startsWith("#") ? "" : t.replace(/\s+#\s.*$/, "");
}

function parseInlineList(value: string): string[] {
  const inner = value.trim().replace(/^\[/, "").replace(/\]$/, "");
  return inner
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(unquote);
}

/**
 * Parses the YAML subset used by the corpus frontmatter: `key: scalar`, `key: [a, b]` (possibly
 * over several lines), `key:` followed by `- item` lines, and `key:` followed by indented
 * `sub: scalar` lines. Comments (`# ...`) are ignored.
 */
export function parseFrontmatter(yaml: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const lines = yaml.split(/\r?\n/);
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    const top = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    i++;
    if (!top) continue;
    const key = top[1] ?? "";
    let rest = (top[2] ?? "").trim();
    if (rest === "" && /^\s+\[/.test(lines[i] ?? "")) rest = (lines[i++] ?? "").trim();
    if (rest.startsWith("[")) {
      while (!rest.includes("]") && i < lines.length) rest += ` ${stripComment(lines[i++] ?? "")}`;
      out[key] = parseInlineList(rest);
      continue;
    }
    if (rest !== "") {
      out[key] = unquote(rest);
      continue;
    }
    // Block: a list of "- item" lines or a map of indented "sub: value" lines.
    const list: string[] = [];
    const map: Record<string, unknown> = {};
    while (i < lines.length && /^(\s+|-\s)/.test(lines[i] ?? "")) {
      const child = (lines[i] ?? "").trim();
      i++;
      if (child === "" || child.startsWith("#")) continue;
      const item = /^-\s+(.*)$/.exec(child);
      if (item) {
        list.push(unquote((item[1] ?? "").replace(/\s+#.*$/, "")));
        continue;
      }
      const sub = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(child);
      if (sub) map[sub[1] ?? ""] = unquote(sub[2] ?? "");
    }
    out[key] = list.length > 0 ? list : map;
  }
  return out;
}

/** Splits "---\nyaml\n---\nbody" into the YAML and the body; no frontmatter gives "" and text. */
export function splitFrontmatter(text: string): { yaml: string; body: string } {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { yaml: "", body: text };
  return { yaml: m[1] ?? "", body: text.slice(m[0].length) };
}
