// weapp-scf-client: the mini-program side of weapp-scf.
export { type Client, type ClientOptions, createClient, type RequestOptions } from './client.js';
export {
  type ClientErrorCode,
  type ContractErrorCode,
  type ErrorCode,
  isSessionError,
  WeappScfError,
} from './errors.js';
export { baseFor, type FunctionName, functionOf } from './routing.js';
export type * from './types.js';
export type { WxApi, WxRequestSuccess } from './wx.js';
