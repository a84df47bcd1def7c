// Structured JSON log lines. Bodies and credentials are never passed in; as a last line of defence
// every registered secret (app secrets, keys) is masked before a line is written.

export type LogLevel = 'info' | 'warn' | 'error';
export type LogSink = (line: string) => void;

const secrets = new Set<string>();
let sink: LogSink = (line) => process.stdout.write(`${line}\n`);

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

export function setLogSink(next: LogSink): LogSink {
  const previous = sink;
  sink = next;
  return previous;
}

export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  let line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  for (const secret of secrets) if (line.includes(secret)) line = line.split(secret).join('[redacted]');
  sink(line);
}

/** A safe one-line description of an unexpected error: its class and code, URLs' credentials masked. */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { errorType: typeof err };
  const code = (err as { code?: unknown }).code;
  return {
    errorType: err.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { errorCode: code } : {}),
    errorMessage: err.message.replace(/\/\/[^/\s@]*@/g, '//[redacted]@').slice(0, 300),
  };
}
