// What POST /login accepts: the body fields (with the wafer-era aliases) and, for the old wafer
// client, the same values in X-WX-* headers. The body wins when both are sent.
import { z } from 'zod';
import { InvalidInputError } from '../../platform/errors.js';
import type { HttpRequest } from '../../platform/http/event.js';

const text = (max: number) => z.string().min(1).max(max);

export const loginBody = z
  .object({
    code: text(256).optional(),
    appId: text(64).optional(),
    app_id: text(64).optional(),
    encryptedData: text(65_536).optional(),
    encrypt_data: text(65_536).optional(),
    iv: text(64).optional(),
    rawData: text(16_384).optional(),
    signature: text(128).optional(),
  })
  .optional();

export interface LoginInput {
  code: string;
  appId?: string | undefined;
  encryptedData?: string | undefined;
  iv?: string | undefined;
  rawData?: string | undefined;
  signature?: string | undefined;
}

const HEADER_LIMIT = 65_536;

export function readLoginInput(request: HttpRequest, body: z.output<typeof loginBody>): LoginInput {
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    if (value === undefined || value === '') return undefined;
    if (value.length > HEADER_LIMIT) throw new InvalidInputError(`header ${name} is too long`);
    return value;
  };
  const input = {
    code: body?.code ?? header('x-wx-code'),
    appId: body?.appId ?? body?.app_id,
    encryptedData: body?.encryptedData ?? body?.encrypt_data ?? header('x-wx-encrypted-data'),
    iv: body?.iv ?? header('x-wx-iv'),
    rawData: body?.rawData ?? decodeRawDataHeader(header('x-wx-rawdata')),
    signature: body?.signature ?? header('x-wx-signature'),
  };
  if (!input.code) throw new InvalidInputError('code: required (the code from wx.login)');
  if (input.code.length > 256) throw new InvalidInputError('code: too long');
  if (input.encryptedData && !input.iv) throw new InvalidInputError('iv: required with encryptedData');
  if (input.rawData && !input.signature) throw new InvalidInputError('signature: required with rawData');
  return { ...input, code: input.code };
}

function decodeRawDataHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    throw new InvalidInputError('X-WX-RawData: not valid URI encoding');
  }
}
