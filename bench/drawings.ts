// Drawings: saving a 5000-action drawing and listing 20, each against the raw driver call it
// wraps, through the same MongoDB in the same run.
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import * as draw from '../functions/draw-save/index.js';
import * as loginFn from '../functions/login/index.js';
import { type BenchResult, compare, result } from './stats.js';

const event = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
  query = {},
) => ({
  httpMethod: method,
  path,
  headers,
  queryString: query,
  body: body === undefined ? undefined : JSON.stringify(body),
});

export async function drawingBenchmarks(db: Db, rounds: number): Promise<BenchResult[]> {
  const login = await loginFn.main_handler(
    event('POST', '/login', {}, { code: `bench-${randomBytes(4).toString('hex')}` }),
    {},
  );
  const { uuid, skey, user } = JSON.parse(login.body).data;
  const headers = { 'x-wx-id': uuid, 'x-wx-skey': skey };
  const appId = 'wxdevstub0000000';

  const actions = Array.from({ length: 5000 }, (_, i) => ({
    method: 'lineTo',
    data: [i, i * 0.5, 'rgba(0,0,0,0.5)', [i, i + 1]],
  }));
  // The same collection, so the baseline pays for the same indexes.
  const raw = db.collection('drawings');
  const saveEvent = event('POST', '/drawings', headers, { actions, title: 'bench' });
  const save = await compare(
    rounds,
    async () => {
      const res = await draw.main_handler(saveEvent, {});
      if (res.statusCode !== 201) throw new Error(res.body);
    },
    () =>
      raw.insertOne({
        appId,
        openId: user.openId,
        id: randomBytes(12).toString('base64url'),
        title: 'bench',
        actions: JSON.stringify(actions),
        actionCount: actions.length,
        createdAt: new Date(),
      }),
  );

  const list = await compare(
    rounds,
    async () => {
      const res = await draw.main_handler(event('GET', '/drawings', headers, undefined, { limit: '20' }), {});
      if (res.statusCode !== 200) throw new Error(res.body);
    },
    () =>
      raw
        .find({ appId, openId: user.openId }, { projection: { actions: 0 } })
        .sort({ createdAt: -1, id: -1 })
        .limit(20)
        .toArray(),
  );

  return [
    result('D1', 'save a 5000-action drawing (POST /drawings) vs raw insertOne, p50 ms', save, 1.5),
    result('D2', 'list 20 drawings (GET /drawings) vs raw find().sort().limit(20), p50 ms', list, 1.5),
  ];
}
