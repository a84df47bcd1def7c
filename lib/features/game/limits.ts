// What one player may do over the game's WebSocket. Refusals are `error` frames (ERR_RATE_LIMITED,
// ERR_INVALID_INPUT) or, for a socket that keeps on, a close with 1008; see the README's security
// section. Shared limits (joins, upgrades) are counted in the rate-limit store, so they hold
// across SCF instances; the rest are per socket or per instance.

export const GAME_LIMITS = {
  /** Largest frame; a bigger one closes the socket with 1009 (ws). */
  maxFrameBytes: 16 * 1024,
  /** Frames a socket may send: a steady rate and a burst. */
  framesPerSecond: 10,
  frameBurst: 20,
  /** Frames accepted but not yet handled; more are dropped as over the rate. */
  maxPendingFrames: 8,
  /** Frames dropped in a row (over the rate, or invalid) before the socket is closed with 1008. */
  maxDroppedInARow: 100,
  maxBadFramesInARow: 20,
  /** Bytes waiting to be read by a slow client; past it, frames to it are dropped... */
  maxBufferedBytes: 64 * 1024,
  /** ...and after this many dropped the client is cut off. */
  maxUnsentFrames: 200,
  /** A face is relayed at most this often per player. */
  faceIntervalMs: 500,
  /** `join` frames per player a minute (shared across instances). */
  joinsPerMinute: 20,
  /** WebSocket upgrades per session a minute (shared), and open sockets per session and per IP
   * on one instance (on SCF each connection is its own instance, so these bind on npm start). */
  upgradesPerSessionPerMinute: 30,
  socketsPerSession: 3,
  socketsPerIp: 20,
} as const;
