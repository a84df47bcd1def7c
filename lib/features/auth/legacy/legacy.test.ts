// The old SDKs' doors on the embedded stores: their answers and failures in each protocol's form.
import { describe, expect, it } from 'vitest';
import { SettableClock } from '../../../platform/clock.js';
import {
  InvalidCodeError,
  InvalidInputError,
  InvalidSessionError,
  SessionExpiredError,
  UnknownAppError,
} from '../../../platform/errors.js';
import { requestWith } from '../../../platform/http/testing.js';
import { memoryRateLimiter } from '../../../stores/rate-limit/memory.js';
import { MemorySessionStore } from '../../../stores/session/memory.js';
import { MemoryUserStore } from '../../../stores/user/memory.js';
import { sessionFailure, WAFER_MAGIC } from '../legacy-forms.js';
import type { LoginDeps } from '../login.js';
import { SessionService } from '../sessions.js';
import { minaAuthApi, minaAuthCall, minaAuthFailure } from './mina-auth.js';
import { wafer2Failure, wafer2Login, wafer2User, waferFailure, waferLogin } from './wafer.js';
import { minaAuth, minaLogin, minaLoginBody, wxappFailure } from './wxapp.js';

const app = {
  appId: 'wxold',
  secret: 's',
  loginDurationMs: 3_600_000,
  sessionDurationMs: 3_600_000,
  legacyId: 7,
};

function deps(): LoginDeps {
  const clock = new SettableClock();
  return {
    apps: { apps: new Map([[app.appId, app]]), defaultAppId: app.appId },
    loginLimiter: memoryRateLimiter({ name: `l${Math.random()}`, points: 100, durationSeconds: 60 }),
    wechat: {
      exchangeCode: async (_, code) => ({
        openId: `o-${code.split('~')[0]}`,
        sessionKey: 'a2V5a2V5a2V5a2V5a2V5aw==',
      }),
    },
    users: new MemoryUserStore(),
    sessions: new SessionService(new MemorySessionStore(), clock, 10),
    clock,
  };
}

const request = (headers: Record<string, string> = {}) => requestWith(headers, 'GET', '/');

describe('session failures in each SDK’s form', () => {
  it('wafer hears the magic key and ERR_INVALID_SESSION even when the session expired', () => {
    const e = sessionFailure('wafer', new SessionExpiredError());
    expect([e.code, e.body]).toEqual(['ERR_INVALID_SESSION', { [WAFER_MAGIC]: 1 }]);
  });

  it('wafer2 hears 401 with code -1; weapp-session the magic key and a reason; modern clients nothing more', () => {
    expect(sessionFailure('wafer2', new InvalidSessionError()).body).toEqual({ code: -1 });
    expect(sessionFailure('weapp-session', new SessionExpiredError()).body).toEqual({
      [WAFER_MAGIC]: 1,
      reason: 'ERR_SESSION_EXPIRED',
    });
    expect(sessionFailure('modern', new SessionExpiredError()).body).toEqual({});
    const other = new InvalidInputError('x');
    expect(sessionFailure('wafer', other)).toBe(other);
  });
});

describe('wafer and wafer2 doors', () => {
  it('answer their session forms', async () => {
    const d = deps();
    const wafer = await waferLogin(d, request({ 'x-wx-code': 'ann~1' }));
    expect(wafer).toMatchObject({
      raw: true,
      data: { [WAFER_MAGIC]: 1, session: { id: expect.stringMatching(/^wafer-/) } },
    });
    const wafer2 = await wafer2Login(d, request({ 'x-wx-code': 'ann~2' }));
    expect(wafer2.data).toMatchObject({
      code: 0,
      data: { skey: expect.stringMatching(/^w2\./), userinfo: { openId: 'o-ann' } },
    });
    expect(wafer2User({ openId: 'o' }).data).toEqual({ code: 0, data: { openId: 'o' } });
    expect(waferFailure(new InvalidInputError('no code')).data).toMatchObject({
      [WAFER_MAGIC]: 1,
      error: 'ERR_LOGIN_FAILED',
    });
    expect(wafer2Failure(new InvalidInputError('no code'))).toMatchObject({
      status: 400,
      data: { code: -1 },
    });
  });
});

describe('wxapp doors', () => {
  it('map the numeric app_id, log in with or without user data, and check the session for that app', async () => {
    const d = deps();
    const login = await minaLogin(
      d,
      'ip',
      minaLoginBody.parse({ code: 'bo~1', app_id: '7', encrypt_data: '', iv: '' }),
    );
    const data = (login.data as { data: { uuid: string; skey: string; duration: number } }).data;
    expect(data.duration).toBeGreaterThan(3590);
    const auth = await minaAuth(
      { sessions: d.sessions, apps: d.apps },
      { uuid: data.uuid, skey: data.skey, app_id: 7 },
    );
    expect(auth.data).toMatchObject({ ok: 'success', data: { user_info: { openId: 'o-bo' } } });
    await expect(minaLogin(d, 'ip', { code: 'c', app_id: 8 })).rejects.toBeInstanceOf(UnknownAppError);
    expect(minaLoginBody.safeParse({ code: 'c' }).error?.issues[0]?.message).toMatch(/^app_id is missing/);
    expect(minaLoginBody.safeParse({ code: 'c', app_id: 'x' }).error?.issues[0]?.message).toMatch(
      /^app_id must be the numeric app key/,
    );
    expect(wxappFailure(new UnknownAppError()).data).toMatchObject({ ok: 'fail', error: 'ERR_UNKNOWN_APP' });
  });
});

describe('the wafer session server (/mina_auth/)', () => {
  it('answers qcloud.cam.id_skey and qcloud.cam.auth, and maps failures to returnCodes', async () => {
    const d = deps();
    const api = { login: d, sessions: d.sessions, clock: d.clock };
    const call = (iface: unknown) =>
      minaAuthCall.parse({ version: 1, componentName: 'MA', interface: iface });
    const login = await minaAuthApi(
      api,
      request({}),
      call({ interfaceName: 'qcloud.cam.id_skey', para: { code: 'cy~1' } }),
    );
    const returnData = (login.data as { returnData: { id: string; skey: string } }).returnData;
    const auth = await minaAuthApi(
      api,
      request({}),
      call({ interfaceName: 'qcloud.cam.auth', para: { id: returnData.id, skey: returnData.skey } }),
    );
    expect(auth.data).toMatchObject({ returnCode: 0, returnData: { user_info: { openId: 'o-cy' } } });
    expect(minaAuthFailure(new SessionExpiredError()).data).toMatchObject({ returnCode: 60011 });
    expect(minaAuthFailure(new InvalidCodeError()).data).toMatchObject({ returnCode: 60012 });
    expect(minaAuthFailure(new InvalidInputError('x'))).toMatchObject({
      status: 200,
      data: { returnCode: -1 },
    });
    expect(
      minaAuthCall.safeParse({
        version: 1,
        componentName: 'MA',
        interface: { interfaceName: 'qcloud.cam.nope', para: {} },
      }).success,
    ).toBe(false);
  });
});

describe('the wafer session server (/mina_auth/) serves one mini program', () => {
  it('answers 60011 to qcloud.cam.auth with a session of another mini program of the deployment', async () => {
    const other = { ...app, appId: 'wxother', legacyId: 8 };
    const d = deps();
    const api = {
      login: {
        ...d,
        apps: {
          apps: new Map([
            [app.appId, app],
            [other.appId, other],
          ]),
          defaultAppId: app.appId,
        },
      },
      sessions: d.sessions,
      clock: d.clock,
    };
    const theirs = await d.sessions.open(other, 'o-other', 'a2V5a2V5a2V5a2V5a2V5aw==', { openId: 'o-other' });
    const call = minaAuthCall.parse({
      version: 1,
      componentName: 'MA',
      interface: { interfaceName: 'qcloud.cam.auth', para: { id: theirs.uuid, skey: theirs.skey } },
    });
    const refused = await minaAuthApi(api, request({}), call).catch((err) => minaAuthFailure(err));
    expect(refused.data).toMatchObject({ returnCode: 60011 });
  });
});
