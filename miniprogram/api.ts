// The one client of the app, and how a failed call is shown: a toast that says what happened,
// in Chinese, with the wait a 429 asks for. Every page's catch goes here.
import { createClient, type ErrorCode, type WxApi } from 'weapp-scf-client';
import { BASE_URL, FUNCTION_URLS } from './config';

// The real wx, checked against what the client needs from it (miniprogram-api-typings).
const runtime: WxApi = wx;

export const api = createClient({ baseUrl: BASE_URL, functionUrls: FUNCTION_URLS, wx: runtime });

/** What a failure carries: a WeappScfError from the client, or a game server's error frame. */
interface Failure {
  code: ErrorCode;
  message?: string;
  retryAfter?: number;
}

const isFailure = (err: unknown): err is Failure =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string';

/** The words a user sees for a failure. */
export function describeError(err: unknown): string {
  if (!isFailure(err)) return '出错了，请稍后重试';
  switch (err.code) {
    case 'ERR_NETWORK':
      return '网络不可用，请检查网络后重试';
    case 'ERR_RATE_LIMITED':
      return `操作太频繁，请 ${err.retryAfter ?? 1} 秒后再试`;
    case 'ERR_CONTENT_REJECTED':
      return '内容未通过安全审核，请修改后再发';
    case 'ERR_INVALID_SESSION':
    case 'ERR_SESSION_EXPIRED':
    case 'ERR_LOGIN_FAILED':
      return '登录失败，请重试';
    case 'ERR_PAYLOAD_TOO_LARGE':
      return '文件太大了';
    case 'ERR_SERVICE_UNAVAILABLE':
      return '服务暂时不可用，请稍后重试';
    case 'ERR_UPLOAD_FAILED':
      return '上传失败，请重试';
    default:
      return err.message || '出错了，请稍后重试';
  }
}

export function showError(err: unknown): void {
  wx.showToast({ title: describeError(err), icon: 'none', duration: 2500 });
}
