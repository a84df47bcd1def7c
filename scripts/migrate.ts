// npm run migrate: creates every MongoDB index and seeds the trailer catalogue, at deploy time, so
// a function's cold start finds them in place (each still checks once per container, cheaply), and
// with COS_* set records album images stored before image moderation existed as visible.
// Idempotent: existing indexes, videos and image records are left as they are.
import { createApp } from '../lib/app/app.js';
import { sampleCatalogue } from '../lib/features/comments/sample-catalogue.js';
import { recordEarlierImages } from '../lib/features/moderation/backfill.js';
import { MongoConnection } from '../lib/platform/mongo/connection.js';
import { MongoAuditStore } from '../lib/stores/audit/mongo.js';
import { MongoCommentStore } from '../lib/stores/comment/mongo.js';
import { MongoDrawingStore } from '../lib/stores/drawing/mongo.js';
import { MongoImageStore } from '../lib/stores/image/mongo.js';
import { MongoUserStore } from '../lib/stores/user/mongo.js';
import { MongoVideoStore } from '../lib/stores/video/mongo.js';
import { readConfiguration, runTool } from './cli.js';

const TOOL = {
  name: 'npm run migrate --',
  usage: `[--env-file FILE]

  Creates every MongoDB index, seeds the trailer catalogue and, with COS_BUCKET set, records album
  images stored before moderation existed as visible. Idempotent. Reads MONGO_URL, MONGO_DB and the
  COS_* variables from the environment or FILE (the environment wins).

  --env-file F    read variables from F
  -h, --help      this text`,
  envFile: true,
} as const;

export async function migrate(
  argv: string[],
  processEnv: NodeJS.ProcessEnv,
  out: (line: string) => void,
): Promise<number> {
  const read = readConfiguration(TOOL, argv, processEnv, out);
  if (typeof read === 'number') return read;
  const { config } = read;
  if (!config.mongoUrl) {
    out('migrate: MONGO_URL is not set (the embedded store needs no migration)');
    return 2;
  }
  const connection = new MongoConnection(config.mongoUrl, config.mongoDb);
  try {
    const videos = new MongoVideoStore(connection.db);
    for (const [name, store] of Object.entries({
      users: new MongoUserStore(connection.db),
      drawings: new MongoDrawingStore(connection.db),
      videos,
      comments: new MongoCommentStore(connection.db),
      audit: new MongoAuditStore(connection.db),
      images: new MongoImageStore(connection.db),
    })) {
      await store.ensureIndexes();
      out(`${config.mongoDb}.${name}: indexes in place`);
    }
    // Indexes of earlier versions that a sharded collection cannot keep (a unique index must hold
    // the shard key): dropped once their replacements exist.
    const db = await connection.db();
    for (const [collection, index] of [
      ['comments', 'id_unique'],
      ['comments', 'video_newest_first'],
    ] as const) {
      const existing = await db
        .collection(collection)
        .listIndexes()
        .toArray()
        .catch(() => []);
      if (existing.some((i) => i.name === index)) {
        await db.collection(collection).dropIndex(index);
        out(`${config.mongoDb}.${collection}: dropped the old index ${index}`);
      }
    }
    const catalogue = sampleCatalogue();
    const inserted = await videos.seed(catalogue);
    out(`${config.mongoDb}.videos: ${inserted} inserted, ${catalogue.length - inserted} already there`);
    if (!config.cos) {
      out('album: COS_BUCKET is not set, earlier images not recorded');
      return 0;
    }
    const app = createApp(config);
    try {
      const { images, owners, objects } = app.moderation;
      const { recorded, known, left } = await recordEarlierImages({
        images,
        owners,
        objects,
        apps: config,
        clock: app.clock,
      });
      out(
        `${config.mongoDb}.images: ${recorded} earlier album images recorded visible, ${known} known, ${left} since moderation started left to album-check`,
      );
    } finally {
      await app.close();
    }
    return 0;
  } finally {
    await connection.close();
  }
}

await runTool(import.meta.url, migrate);
