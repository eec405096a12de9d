/**
 * A deliberately small JSON Schema (2020-12) checker: only the keywords that
 * docs/pack.schema.json uses, enough to compare it with the valibot schemas
 * without a validator dependency. It throws on a keyword it does not know, so
 * that the schema cannot quietly grow past what the test checks.
 */

export type JsonSchema = boolean | { [keyword: string]: unknown };

const KNOWN = new Set([
  '$schema',
  '$id',
  '$ref',
  'title',
  'description',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'items',
  'minItems',
  'maxItems',
  'enum',
  'const',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'anyOf',
  'oneOf',
  '$defs',
]);

const codePoints = (text: string) => [...text].length;

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

/** Resolves "#/$defs/a/properties/b" inside `root`. */
function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown>)[part];
  if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  return node as JsonSchema;
}

export function isValid(root: JsonSchema, value: unknown, schema: JsonSchema = root): boolean {
  if (typeof schema === 'boolean') return schema;
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN.has(keyword)) throw new Error(`keyword ${keyword} not supported by the test`);
  }
  const s = schema as Record<string, unknown>;
  const sub = (child: unknown, v: unknown) => isValid(root, v, child as JsonSchema);

  if (typeof s.$ref === 'string' && !sub(resolveRef(root, s.$ref), value)) return false;
  if (typeof s.type === 'string' && !typeMatches(s.type, value)) return false;
  if ('const' in s && s.const !== value) return false;
  if (Array.isArray(s.enum) && !s.enum.includes(value)) return false;
  if (Array.isArray(s.anyOf) && !s.anyOf.some((option) => sub(option, value))) return false;
  if (Array.isArray(s.oneOf) && s.oneOf.filter((option) => sub(option, value)).length !== 1) {
    return false;
  }

  if (typeof value === 'string') {
    if (typeof s.maxLength === 'number' && codePoints(value) > s.maxLength) return false;
    if (typeof s.minLength === 'number' && codePoints(value) < s.minLength) return false;
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) return false;
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) return false;
    if (typeof s.maximum === 'number' && value > s.maximum) return false;
  }
  if (Array.isArray(value)) {
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) return false;
    if (typeof s.minItems === 'number' && value.length < s.minItems) return false;
    if (s.items !== undefined && !value.every((item) => sub(s.items, item))) return false;
  }
  if (typeMatches('object', value)) {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) return false;
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties) return false;
    if (Array.isArray(s.required) && !s.required.every((key: string) => key in object)) {
      return false;
    }
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    for (const key of keys) {
      if (s.propertyNames !== undefined && !sub(s.propertyNames, key)) return false;
      if (Object.hasOwn(properties, key)) {
        if (!sub(properties[key], object[key])) return false;
      } else if (
        s.additionalProperties !== undefined &&
        !sub(s.additionalProperties, object[key])
      ) {
        return false;
      }
    }
  }
  return true;
}
