import { describe, expect, it } from 'vitest';
import { SettableClock } from '../../platform/clock.js';
import { NotFoundError } from '../../platform/errors.js';
import { MemoryAuditStore } from '../../stores/audit/memory.js';
import { MemoryCommentStore } from '../../stores/comment/memory.js';
import { accountSubject } from '../account/subject.js';
import type { AuthContext } from '../auth/sessions.js';
import { recordAction, requireAdmin } from './admin.js';
import { listAudit } from './audit.js';

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

describe('the audit trail at the desk', () => {
  it('lists a moderator action with the subject it was about kept out of the view; 404 to others', async () => {
    const deps = {
      ...apps,
      comments: new MemoryCommentStore(),
      audit: new MemoryAuditStore(),
      clock: new SettableClock(),
    };
    const admin = session('wxa', 'oadmin');
    await recordAction(
      deps,
      admin,
      'comment.status',
      'comment:c1',
      { status: 'visible' },
      { status: 'hidden' },
      {
        appId: 'wxa',
        openId: 'oauthor',
      },
    );
    const [stored] = await deps.audit.list('wxa', { limit: 10 });
    expect(stored?.subject).toBe(accountSubject('wxa', 'oauthor'));
    const page = await listAudit(deps, admin, {});
    expect(page.items).toEqual([
      expect.objectContaining({ actor: 'oadmin', action: 'comment.status', target: 'comment:c1' }),
    ]);
    expect(page.items[0]).not.toHaveProperty('subject');
    await expect(listAudit(deps, session('wxa', 'ouser'), {})).rejects.toThrow(NotFoundError);
  });
});
