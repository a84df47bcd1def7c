// Routes by method and path template ("/drawings/{id}"): 404 when no template matches the path,
// 405 (with the allowed methods) when one does but not for this method.
import { InvalidInputError, MethodNotAllowedError, NotFoundError } from '../errors.js';

export interface RouteKey {
  method: string;
  path: string;
}

export interface RouteMatch<R extends RouteKey> {
  route: R;
  params: Record<string, string>;
}

type Segment = { literal: string } | { param: string };

interface Compiled<R> {
  route: R;
  segments: Segment[];
}

export function splitPath(path: string): string[] | null {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const parts = trimmed.split('/').slice(1);
  if (trimmed === '/') return [];
  return parts.some((p) => p === '') ? null : parts;
}

export function compileRoutes<R extends RouteKey>(
  routes: readonly R[],
): (method: string, path: string) => RouteMatch<R> {
  const compiled: Compiled<R>[] = routes.map((route) => ({
    route,
    segments: (splitPath(route.path) ?? []).map((s) =>
      s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s },
    ),
  }));

  return (method, path) => {
    const parts = splitPath(path);
    if (parts === null) throw new NotFoundError(`no route for ${path}`);
    const allowed: string[] = [];
    for (const { route, segments } of compiled) {
      const params = matchSegments(segments, parts);
      if (params === null) continue;
      if (route.method === method) return { route, params };
      allowed.push(route.method);
    }
    if (allowed.length > 0) throw new MethodNotAllowedError([...new Set(allowed)]);
    throw new NotFoundError(`no route for ${path}`);
  };
}

/** Whether `path` has the shape of `template` ("/admin/comments/{id}"), whatever the method and
 * without decoding a parameter (so it cannot fail). */
export function fitsTemplate(template: string, path: string): boolean {
  const want = splitPath(template);
  const parts = splitPath(path);
  if (want === null || parts === null || want.length !== parts.length) return false;
  return want.every((s, i) => (s.startsWith('{') && s.endsWith('}')) || s === parts[i]);
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | null {
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i]!;
    if ('literal' in segment) {
      if (segment.literal !== part) return null;
    } else {
      params[segment.param] = decodeSegment(part, segment.param);
    }
  }
  return params;
}

function decodeSegment(part: string, name: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new InvalidInputError(`path parameter ${name} is not valid percent-encoding`);
  }
}
