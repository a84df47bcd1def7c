// What the routes of the contract answer with (the `data` of {"ok": true, "data": ...}). Dates are
// ISO strings on the wire. The server builds these, and the client reads them.

/** A user as they see themself. Never the session_key; others never see the openId. */
export interface UserView {
  openId: string;
  unionId?: string;
  nickName?: string;
  avatarUrl?: string;
  gender?: number;
  language?: string;
  city?: string;
  province?: string;
  country?: string;
}

export interface LoginResult {
  uuid: string;
  skey: string;
  expiresAt: string;
  user: UserView;
}

export interface AuthResult {
  user: UserView;
  expiresAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ListQuery {
  limit?: number;
  cursor?: string;
}

export type ImageType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

export interface UploadGrant {
  name: string;
  key: string;
  expiresAt: string;
  post: { url: string; fields: Record<string, string> };
  put: { url: string; headers: Record<string, string> };
}

export interface StsCredentials {
  tmpSecretId: string;
  tmpSecretKey: string;
  sessionToken: string;
  startTime: number;
  expiredTime: number;
  bucket: string;
  region: string;
  allowPrefix: string;
}

export interface AlbumImage {
  name: string;
  key: string;
  url: string;
  size: number;
  lastModified: string;
  /** Moderation: "pending" (not judged yet), "visible" (others may see it as your avatar) or
   * "review" (waits for a moderator). Refused images are deleted. */
  status: 'pending' | 'visible' | 'review';
}

export interface DrawingAction {
  method: string;
  data: Array<number | string | number[]>;
}

export interface DrawingSummary {
  id: string;
  title: string;
  createdAt: string;
  actionCount: number;
}

export interface Drawing extends DrawingSummary {
  actions: DrawingAction[];
}

export interface SavedDrawing {
  id: string;
  createdAt: string;
}

export interface Video {
  id: string;
  title: string;
  coverUrl: string;
  videoUrl: string;
  createdAt: string;
}

/** visible: everyone; review: its author only (WeChat's check said review); hidden: nobody (a moderator). */
export type CommentStatus = 'visible' | 'review' | 'hidden';

export interface Comment {
  id: string;
  content: string;
  createdAt: string;
  author: { nickName: string; avatarUrl: string };
  mine: boolean;
}

export interface PostedComment extends Comment {
  status: CommentStatus;
}

/** POST /phone answers the number masked; GET /phone answers it in full, to its owner only. */
export interface MaskedPhone {
  masked: string;
  countryCode: string;
}

export interface OwnPhone extends MaskedPhone {
  purePhoneNumber: string;
}

/** GET /me/export: everything held about the caller in this mini program. */
export interface AccountExport {
  exportedAt: string;
  appId: string;
  profile:
    | (Omit<UserView, 'nickName' | 'avatarUrl'> & {
        nickName: string;
        avatarUrl: string;
        createdAt: string;
        updatedAt: string;
        lastLoginAt: string;
      })
    | null;
  /** In full; null phoneNumber when it can no longer be opened (PHONE_KEY changed). */
  phone: { phoneNumber: string | null; countryCode: string; boundAt: string } | null;
  /** Each drawing's actions at its `path` (GET /drawings/{id}). */
  drawings: Array<{ id: string; title: string; createdAt: string; actionCount: number; path: string }>;
  comments: Array<{ id: string; vid: string; content: string; status: CommentStatus; createdAt: string }>;
  /** `url` downloads the image for an hour; null for a rejected image, whose bytes are gone. */
  images: Array<{
    key: string;
    status: 'pending' | 'visible' | 'review' | 'rejected';
    createdAt: string;
    size?: number;
    url: string | null;
  }>;
  /** Live sessions, by the door each was opened at; `current` is the one asking. */
  sessions: Array<{ door: string; createdAt: string; lastSeenAt: string; current: boolean }>;
  /** The moderators' decisions about the caller's content (who decided is not said). */
  decisions: Array<{ action: string; target: string; before: unknown; after: unknown; createdAt: string }>;
}
