// Every function of the project, for the dev server, the build and the tests.
import type { ScfFunction } from '@weapp-scf/layer';

export const FUNCTION_NAMES = ['login', 'auth', 'album-sign-upload', 'draw-save', 'comments'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export async function loadFunction(name: FunctionName): Promise<ScfFunction> {
  return (await import(`./${name}/index.ts`)) as ScfFunction;
}
