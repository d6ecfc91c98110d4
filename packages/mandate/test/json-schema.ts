/**
 * A small JSON Schema (draft 2020-12) validator covering exactly the keywords our generated
 * schemas use, so tests can check the published schemas without another dependency. It throws on
 * a keyword it does not know, so a schema change that needs more support cannot pass silently.
 */
type Schema = Record<string, unknown> | boolean;

const KNOWN = new Set([
  "$schema",
  "$defs",
  "$ref",
  "title",
  "description",
  "default",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "minProperties",
  "enum",
  "const",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "items",
  "minItems",
  "maxItems",
  "anyOf",
]);

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === "number" && actual === "integer");
}

/** Returns the list of errors (JSON pointer: message); empty when `value` is valid. */
export function validateJsonSchema(root: Record<string, unknown>, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): Schema => {
    if (ref === "#") return root;
    const m = /^#\/\$defs\/(.+)$/.exec(ref);
    const defs = root.$defs as Record<string, Schema> | undefined;
    const target = m?.[1] !== undefined ? defs?.[m[1]] : undefined;
    if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
    return target;
  };
  const check = (s: Schema, v: unknown, at: string): void => {
    if (s === true) return;
    if (s === false) {
      errors.push(`${at}: not allowed`);
      return;
    }
    for (const k of Object.keys(s)) if (!KNOWN.has(k)) throw new Error(`unsupported keyword ${k}`);
    if (typeof s.$ref === "string") check(resolve(s.$ref), v, at);
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => typeMatches(v, t))) {
        errors.push(`${at}: expected type ${types.join("|")}, got ${typeOf(v)}`);
        return;
      }
    }
    if (s.enum !== undefined && !(s.enum as unknown[]).some((e) => e === v))
      errors.push(`${at}: not in enum`);
    if (s.const !== undefined && s.const !== v) errors.push(`${at}: not the const`);
    if (typeof v === "string") {
      const len = [...v].length; // JSON Schema counts code points
      if (typeof s.minLength === "number" && len < s.minLength) errors.push(`${at}: too short`);
      if (typeof s.maxLength === "number" && len > s.maxLength) errors.push(`${at}: too long`);
      if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(v))
        errors.push(`${at}: does not match ${s.pattern}`);
    }
    if (typeof v === "number") {
      if (typeof s.minimum === "number" && v < s.minimum) errors.push(`${at}: below minimum`);
      if (typeof s.maximum === "number" && v > s.maximum) errors.push(`${at}: above maximum`);
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === "number" && v.length < s.minItems)
        errors.push(`${at}: too few items`);
      if (typeof s.maxItems === "number" && v.length > s.maxItems)
        errors.push(`${at}: too many items`);
      if (s.items !== undefined)
        v.forEach((x, i) => {
          check(s.items as Schema, x, `${at}/${i}`);
        });
    }
    if (typeOf(v) === "object") {
      const o = v as Record<string, unknown>;
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const r of (s.required ?? []) as string[])
        if (!(r in o)) errors.push(`${at}: missing required ${r}`);
      if (typeof s.minProperties === "number" && Object.keys(o).length < s.minProperties)
        errors.push(`${at}: fewer than ${s.minProperties} properties`);
      for (const [k, x] of Object.entries(o)) {
        const ps = props[k];
        if (ps !== undefined) check(ps, x, `${at}/${k}`);
        else if (s.additionalProperties !== undefined)
          check(s.additionalProperties as Schema, x, `${at}/${k}`);
      }
    }
    if (Array.isArray(s.anyOf)) {
      const ok = (s.anyOf as Schema[]).some((alt) => validateSub(alt, v));
      if (!ok) errors.push(`${at}: matches none of anyOf`);
    }
  };
  const validateSub = (s: Schema, v: unknown): boolean => {
    const before = errors.length;
    check(s, v, "");
    const ok = errors.length === before;
    errors.length = before;
    return ok;
  };
  check(root, value, "");
  return errors;
}
