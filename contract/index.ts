// The wire contract shared by the server (lib/) and the mini-program client (client/).
export * from './errors.js';
export type * from './game.js';
export type * from './wire.js';
