// Where the API is. `npm start` serves every function on http://localhost:3000 (DevTools: keep
// "不校验合法域名" ticked, as project.config.json's urlCheck: false does). Deployed, each function
// has its own Function URL (npm run deploy prints them): put them in FUNCTION_URLS, and add their
// domains, the game's wss:// one and the COS bucket's to the mini program's allow-lists (README).
import type { FunctionName } from 'weapp-scf-client';

export const BASE_URL = 'http://localhost:3000';
export const FUNCTION_URLS: Partial<Record<FunctionName, string>> = {
  // login: 'https://1250000000-xxxx.ap-guangzhou.tencentscf.com',
};
/** The game's WebSocket: ws:// on npm start; the game function's wss:// URL when deployed. */
export const GAME_URL = 'ws://localhost:3000/game';
