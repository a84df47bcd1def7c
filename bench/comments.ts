// Comments: listing 20 comments of a video against the raw find().sort().limit(20) it wraps.
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import * as comments from '../functions/comments/index.js';
import { getApp } from '../lib/app/container.js';
import { sampleCatalogue } from '../lib/features/comments/sample-catalogue.js';
import { type BenchResult, compare, result } from './stats.js';

export async function commentBenchmarks(db: Db, rounds: number): Promise<BenchResult[]> {
  const app = getApp();
  await app.videos.seed(sampleCatalogue());
  for (let i = 0; i < 200; i++) {
    await app.comments.comments.add({
      id: randomBytes(12).toString('base64url'),
      vid: 'sintel',
      appId: 'wxdevstub0000000',
      openId: `o${i % 20}`,
      content: `第 ${i} 条评论，好看 👍`,
      status: 'visible',
      createdAt: new Date(Date.now() - i * 1000),
      author: { nickName: `用户${i % 20}`, avatarUrl: 'https://img.example.com/a.png' },
    });
  }
  const event = {
    httpMethod: 'GET',
    path: '/videos/sintel/comments',
    headers: {},
    queryString: { limit: '20' },
  };
  const raw = db.collection('comments');
  const list = await compare(
    rounds,
    async () => {
      const res = await comments.main_handler(event, {});
      if (res.statusCode !== 200) throw new Error(res.body);
    },
    () => raw.find({ vid: 'sintel', status: 'visible' }).sort({ createdAt: -1, id: -1 }).limit(21).toArray(),
  );
  return [
    result(
      'C1',
      'list 20 comments (GET /videos/{vid}/comments) vs raw find().sort().limit(20), p50 ms',
      list,
      1.5,
    ),
  ];
}
