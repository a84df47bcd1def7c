// What each function of the project uses, declared once: its cold start on SCF requires these
// parts of the configuration and no others, npm run deploy and every serverless.yml give it their
// variables and no others, and a test runs each function with only those and serves its routes.
import type { ConfigPart } from '../platform/config/index.js';

export const FUNCTION_PARTS = {
  login: ['apps', 'wechat', 'redis', 'mongo', 'login'],
  // cos: a user's export lists their album, and deleting their account deletes it.
  auth: ['apps', 'wechat', 'contentCheck', 'redis', 'mongo', 'cos', 'phone'],
  'album-sign-upload': ['apps', 'redis', 'mongo', 'cos', 'sts', 'album'],
  'draw-save': ['apps', 'redis', 'mongo'],
  comments: ['apps', 'wechat', 'contentCheck', 'redis', 'mongo', 'cos'],
  // album-check reads WX_PUSH_TOKEN only to know whether WeChat's verdicts can arrive.
  'wx-push': ['apps', 'push', 'redis', 'mongo', 'cos'],
  'album-check': ['apps', 'wechat', 'contentCheck', 'push', 'redis', 'mongo', 'cos'],
  game: ['apps', 'wechat', 'contentCheck', 'redis', 'mongo', 'cos', 'game'],
} as const satisfies Record<string, readonly ConfigPart[]>;

export type DeployedFunction = keyof typeof FUNCTION_PARTS;
