// The few wx APIs the client uses, typed as the mini-program runtime provides them. Anything with
// this shape works: the real `wx`, a scripted one in tests, the playground's browser version.

export interface WxRequestSuccess {
  statusCode: number;
  data: unknown;
  header: Record<string, string>;
}

export interface WxApi {
  login(options: { success(res: { code: string }): void; fail(err: { errMsg: string }): void }): void;
  request(options: {
    url: string;
    method: 'GET' | 'POST' | 'PUT' | 'DELETE';
    data?: string | Record<string, unknown> | ArrayBuffer;
    header?: Record<string, string>;
    success(res: WxRequestSuccess): void;
    fail(err: { errMsg: string }): void;
  }): void;
  uploadFile(options: {
    url: string;
    filePath: string;
    name: string;
    formData?: Record<string, string>;
    success(res: { statusCode: number; data: string }): void;
    fail(err: { errMsg: string }): void;
  }): void;
  getStorageSync(key: string): unknown;
  setStorageSync(key: string, value: unknown): void;
  removeStorageSync(key: string): void;
}
