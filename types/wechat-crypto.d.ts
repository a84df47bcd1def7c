// wechat-crypto (node-webot's WXBizMsgCrypt for Node), a devDependency: the tests seal and open
// message pushes with it, to hold our own safe-mode code against code WeChat developers use.
declare module 'wechat-crypto' {
  class WXBizMsgCrypt {
    constructor(token: string, encodingAESKey: string, id: string);
    getSignature(timestamp: string, nonce: string, encrypt: string): string;
    encrypt(text: string): string;
    decrypt(text: string): { message: string; id: string };
  }
  export = WXBizMsgCrypt;
}
