// Every function of the project, for the dev server, the build and the tests.
import type { CosFunction, ScfFunction } from '@weapp-scf/layer';

/** The HTTP functions, each with a Function URL. */
export const FUNCTION_NAMES = [
  'login',
  'auth',
  'album-sign-upload',
  'draw-save',
  'comments',
  'wx-push',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The functions a COS trigger on the album bucket runs (cos:ObjectCreated:*, prefix album/). */
export const COS_FUNCTION_NAMES = ['album-check'] as const;
export type CosFunctionName = (typeof COS_FUNCTION_NAMES)[number];

/** Every event function the build bundles and a deploy ships (the game is apart: a web function). */
export const ALL_FUNCTION_NAMES = [...FUNCTION_NAMES, ...COS_FUNCTION_NAMES] as const;

export async function loadFunction(name: FunctionName): Promise<ScfFunction> {
  return (await import(`./${name}/index.ts`)) as ScfFunction;
}

export async function loadCosFunction(name: CosFunctionName): Promise<CosFunction> {
  return (await import(`./${name}/index.ts`)) as CosFunction;
}
