// Which function serves a path (the contract's route table), so a deployment whose functions each
// have their own Function URL domain can be reached from one client: `functionUrls` names them,
// `baseUrl` serves the rest (all of them on `npm start`).

export type FunctionName = 'login' | 'auth' | 'album-sign-upload' | 'draw-save' | 'comments' | 'game';

const PREFIXES: ReadonlyArray<[string, FunctionName]> = [
  ['/login', 'login'],
  ['/auth', 'auth'],
  ['/logout', 'auth'],
  ['/profile', 'auth'],
  ['/phone', 'auth'],
  ['/me', 'auth'],
  ['/album', 'album-sign-upload'],
  ['/drawings', 'draw-save'],
  ['/videos', 'comments'],
  ['/admin', 'comments'],
  ['/game', 'game'],
];

export function functionOf(path: string): FunctionName | undefined {
  return PREFIXES.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`))?.[1];
}

/** The base URL for a path: its function's own URL when given, else `baseUrl`. No trailing slash. */
export function baseFor(
  path: string,
  baseUrl: string,
  functionUrls: Partial<Record<FunctionName, string>> = {},
): string {
  const name = functionOf(path);
  return ((name && functionUrls[name]) || baseUrl).replace(/\/+$/, '');
}
