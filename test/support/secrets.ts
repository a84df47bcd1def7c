// Every secret the suite creates (session_keys handed out by the fake WeChat server, app
// secrets). No response and no log line of the suite may contain any of them.
const secrets = new Set<string>();

export function rememberSecret(value: string): void {
  secrets.add(value);
}

export function leakedSecret(text: string): string | undefined {
  for (const secret of secrets) if (text.includes(secret)) return secret;
  return undefined;
}
