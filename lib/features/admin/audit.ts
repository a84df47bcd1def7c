// The audit trail as moderators list it (/admin/audit): newest first, a page at a time.
import type { Page } from '../../../contract/wire.js';
import { listQuery } from '../../platform/http/pagination.js';
import type { AuthContext } from '../auth/sessions.js';
import { type AdminDeps, deskPage } from './admin.js';

const AUDIT_ID = /^[A-Za-z0-9_-]{16}$/;

export interface AuditView {
  id: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  createdAt: string;
}

export function listAudit(
  deps: AdminDeps,
  session: AuthContext | undefined,
  rawQuery: unknown,
): Promise<Page<AuditView>> {
  const read = { schema: listQuery, idPattern: AUDIT_ID };
  return deskPage(
    deps,
    session,
    rawQuery,
    read,
    (appId, _query, page) => deps.audit.list(appId, page),
    (e): AuditView => ({
      id: e.id,
      actor: e.actor,
      action: e.action,
      target: e.target,
      before: e.before,
      after: e.after,
      createdAt: e.createdAt.toISOString(),
    }),
  );
}
