// One App per container, built from the environment on first use and reused by every invocation
// (and by every function sharing the layer in one process). The dev server and the tests install
// the embedded parts and may drop the app to rebuild it from a changed environment.
import { type ConfigPart, loadConfig } from '../platform/config/index.js';
import { type App, createApp, type EmbeddedParts } from './app.js';
import { type DeployedFunction, FUNCTION_PARTS } from './functions.js';

export type { App };

let current: App | undefined;
let embedded: EmbeddedParts | undefined;
/** The parts of the configuration the functions in this process use (on SCF: one function's). */
let parts: Set<ConfigPart> | undefined;

export function getApp(): App {
  current ??= createApp(loadConfig(process.env, { parts }), embedded);
  return current;
}

/** Declares that `name` runs in this process: on SCF its cold start requires its parts only. */
export function useFunction(name: DeployedFunction): void {
  parts ??= new Set();
  for (const part of FUNCTION_PARTS[name]) parts.add(part);
}

/** Drops the current app, closing its connections; the next `getApp()` builds one afresh. */
export async function resetApp(): Promise<void> {
  const previous = current;
  current = undefined;
  await previous?.close();
}

/** What stands in for WeChat and COS when they are not configured (dev/ only; never on SCF). */
export function useEmbeddedParts(parts: EmbeddedParts | undefined): void {
  embedded = parts;
}
