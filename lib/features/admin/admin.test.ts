import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../platform/errors.js';
import type { AuthContext } from '../auth/sessions.js';
import { requireAdmin } from './admin.js';

const app = { appId: 'wxa', secret: 's', loginDurationMs: 1, sessionDurationMs: 1, admins: ['oadmin'] };
const apps = { apps: { apps: new Map([['wxa', app]]) } };
const session = (appId: string, openId: string) => ({ appId, openId }) as AuthContext;

describe('requireAdmin', () => {
  it("lets a moderator of the session's own app through, and 404s everyone else", () => {
    expect(requireAdmin(apps, session('wxa', 'oadmin')).openId).toBe('oadmin');
    for (const s of [session('wxa', 'ouser'), session('wxb', 'oadmin'), undefined])
      expect(() => requireAdmin(apps, s)).toThrow(NotFoundError);
  });
});
