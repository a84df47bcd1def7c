// The mini programs one deployment serves: WX_APPID/WX_SECRET, and/or the WX_APPS list.
import { z } from 'zod';
import { appEntry } from './env.js';
import { type AppConfig, ConfigError } from './types.js';

const DAY_MS = 86_400_000;

/** `needSecret`: false for a function that never calls WeChat's server API (its app may come
 * without WX_SECRET; a call that needed it would fail naming it). */
export function readApps(
  appId?: string,
  secret?: string,
  json?: string,
  admins?: string,
  needSecret = true,
): AppConfig[] {
  const apps: AppConfig[] = [];
  if (appId && !secret && needSecret) throw new ConfigError('WX_SECRET is required when WX_APPID is set');
  if (secret && !appId) throw new ConfigError('WX_APPID is required when WX_SECRET is set');
  if (admins && !appId && json)
    throw new ConfigError('WX_ADMINS names moderators of WX_APPID; in WX_APPS use "admins"');
  if (appId && (secret || !needSecret))
    apps.push(app({ appId, secret: secret ?? '', admins: admins?.split(',') }));
  if (json) {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      throw new ConfigError('WX_APPS is invalid: not JSON');
    }
    const list = z.array(appEntry).min(1).safeParse(raw);
    if (!list.success) {
      const issue = list.error.issues[0]!;
      throw new ConfigError(`WX_APPS is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    for (const [index, entry] of list.data.entries()) {
      if (!WECHAT_APP_ID.test(entry.appId))
        throw new ConfigError(
          `WX_APPS is invalid at ${index}.appId: ${entry.appId} is not a WeChat appId ("wx" and 16 hex digits, as the console's 开发管理 -> 开发设置 shows it)`,
        );
      if (apps.some((a) => a.appId === entry.appId)) {
        throw new ConfigError(`WX_APPS is invalid: appId ${entry.appId} is configured twice`);
      }
      if (entry.legacyId !== undefined && apps.some((a) => a.legacyId === entry.legacyId)) {
        throw new ConfigError(`WX_APPS is invalid: legacyId ${entry.legacyId} is configured twice`);
      }
      apps.push(app(entry));
    }
  }
  return apps;
}

/** A mini program's AppID as WeChat issues them. */
const WECHAT_APP_ID = /^wx[0-9a-f]{16}$/;

export function app(entry: {
  appId: string;
  secret: string;
  loginDurationDays?: number | undefined;
  loginDurationSeconds?: number | undefined;
  sessionDurationSeconds?: number | undefined;
  legacyId?: number | undefined;
  admins?: string[] | undefined;
}): AppConfig {
  return {
    appId: entry.appId,
    secret: entry.secret,
    loginDurationMs:
      entry.loginDurationSeconds !== undefined
        ? entry.loginDurationSeconds * 1000
        : (entry.loginDurationDays ?? 30) * DAY_MS,
    sessionDurationMs: (entry.sessionDurationSeconds ?? 30 * 86_400) * 1000,
    ...(entry.legacyId !== undefined ? { legacyId: entry.legacyId } : {}),
    admins: [...new Set(entry.admins ?? [])],
  };
}
