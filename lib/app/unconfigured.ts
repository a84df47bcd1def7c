// On SCF a function gets the variables of its declared parts only (lib/app/functions.ts). A store
// of a part it did not declare is this stand-in: any use fails loudly (ERR_INTERNAL, the reason in
// the log line), never silently falling back to an in-process store whose data would be lost.
export class UndeclaredPartError extends Error {
  override name = 'UndeclaredPartError';
}

export function unconfigured<T extends object>(part: string): T {
  const fail = () => {
    throw new UndeclaredPartError(
      `this function uses ${part}, which is not among its declared parts (lib/app/functions.ts)`,
    );
  };
  // `then` stays undefined so that awaiting the stand-in itself is harmless.
  return new Proxy({} as T, { get: (_target, property) => (property === 'then' ? undefined : fail) });
}
