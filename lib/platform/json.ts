// Parsing JSON text from outside (clients, WeChat, Redis messages) into a plain object, never
// throwing: a caller decides what a non-object means in its own error model.

export type JsonObject = Record<string, unknown>;

/** The object `text` encodes, or undefined when it is not JSON or not a plain object. */
export function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject;
  } catch {
    // not JSON
  }
  return undefined;
}
