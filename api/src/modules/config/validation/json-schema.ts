import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: its default export is the plugin function (or the module object holding it).
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/**
 * JSON Schema for json fields, on the server (the browser's CSP forbids ajv's code generation).
 * Draft 2020-12 when `$schema` says so, else draft-07. strict off: keywords ajv does not know (`example`,
 * vendor `x-…`) are ignored rather than refused, as editors and generators add them freely.
 */
const draft07 = addFormats(new Ajv({ strict: false, allErrors: false }));
const draft2020 = addFormats(new Ajv2020({ strict: false, allErrors: false }) as unknown as Ajv);

const cache = new Map<string, ValidateFunction>();

/** The compiled validator, or the compiler's complaint (metadata validation shows it under fields[i].json_schema). */
export function compileSchema(schema: Record<string, unknown>): { validate: ValidateFunction } | { error: string } {
  const text = JSON.stringify(schema);
  const hit = cache.get(text);
  if (hit) return { validate: hit };
  const ajv = typeof schema.$schema === "string" && schema.$schema.includes("2020-12") ? draft2020 : draft07;
  try {
    const validate = ajv.compile(schema);
    if (cache.size > 500) cache.clear();
    cache.set(text, validate);
    return { validate };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** null when the value satisfies the schema, else the first problem as "<path> <message>". */
export function schemaProblem(schema: Record<string, unknown>, value: unknown): string | null {
  const compiled = compileSchema(schema);
  if ("error" in compiled) return compiled.error;
  if (compiled.validate(value)) return null;
  const first = compiled.validate.errors?.[0];
  return first ? `${first.instancePath || "/"} ${first.message ?? ""}`.trim() : "invalid";
}
