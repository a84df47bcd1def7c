// A user as the records that outlive them name them: a one-way hash of the mini program and the
// openId (the audit's `subject`, the `account.delete` entry, the export's rate-limit key). It is
// neither the openId nor the album's owner prefix, and cannot be turned back into either.
import { createHash } from 'node:crypto';

export function accountSubject(appId: string, openId: string): string {
  return createHash('sha256').update(`weapp-scf/account\u0000${appId}\u0000${openId}`).digest('hex');
}
