// The parameters each SCF API action takes, read from Tencent's own SDK (the `<Action>Request`
// interfaces of tencentcloud-sdk-nodejs-scf's scf_models.d.ts), so the fake SCF refuses what API
// 3.0 refuses: an unknown parameter (UnknownParameter), a missing required one (MissingParameter)
// and one of the wrong type (InvalidParameter), nested structures included.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface Field {
  type: string;
  optional: boolean;
}
type Interfaces = Map<string, Map<string, Field>>;

let cached: Interfaces | undefined;

function interfaces(): Interfaces {
  if (cached) return cached;
  const sdk = dirname(createRequire(import.meta.url).resolve('tencentcloud-sdk-nodejs-scf/package.json'));
  const text = readFileSync(join(sdk, 'tencentcloud/services/scf/v20180416/scf_models.d.ts'), 'utf8');
  cached = new Map();
  for (const [, name, body] of text.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const fields = new Map<string, Field>();
    for (const [, field, optional, type] of body!.matchAll(/^ {4}(\w+)(\??): ([^;]+);$/gm))
      fields.set(field!, { type: type!.trim(), optional: optional === '?' });
    cached.set(name!, fields);
  }
  return cached;
}

export interface ParameterError {
  code: 'UnknownParameter' | 'MissingParameter' | 'InvalidParameter' | 'InvalidAction';
  message: string;
}

/** Why the API would refuse these parameters for `action`, or undefined when it would take them. */
export function checkParameters(action: string, params: Record<string, unknown>): ParameterError | undefined {
  const request = interfaces().get(`${action}Request`);
  if (!request) return { code: 'InvalidAction', message: `the SDK has no ${action}` };
  return checkObject(request, params, '');
}

function checkObject(
  fields: Map<string, Field>,
  value: Record<string, unknown>,
  path: string,
): ParameterError | undefined {
  for (const key of Object.keys(value)) {
    if (!fields.has(key))
      return { code: 'UnknownParameter', message: `The parameter \`${path}${key}\` is not recognized.` };
  }
  for (const [key, field] of fields) {
    if (value[key] === undefined) {
      if (!field.optional)
        return { code: 'MissingParameter', message: `The parameter \`${path}${key}\` is missing.` };
      continue;
    }
    const wrong = checkValue(field.type, value[key], `${path}${key}`);
    if (wrong) return wrong;
  }
  return undefined;
}

function checkValue(type: string, value: unknown, path: string): ParameterError | undefined {
  const invalid = {
    code: 'InvalidParameter' as const,
    message: `The parameter \`${path}\` must be ${type}.`,
  };
  const array = /^Array<(\w+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return invalid;
    for (const [i, item] of value.entries()) {
      const wrong = checkValue(array[1]!, item, `${path}.${i}`);
      if (wrong) return wrong;
    }
    return undefined;
  }
  if (type === 'string' || type === 'number' || type === 'boolean')
    return typeof value === type && (type !== 'number' || Number.isFinite(value)) ? undefined : invalid;
  const nested = interfaces().get(type);
  if (!nested) return { code: 'InvalidParameter', message: `the SDK has no type ${type} (\`${path}\`)` };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid;
  return checkObject(nested, value as Record<string, unknown>, `${path}.`);
}
