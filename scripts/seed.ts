// npm run seed: loads the sample trailer catalogue (data/videos.json) into MONGO_URL / MONGO_DB.
// Idempotent: videos already there (by id) are left exactly as they are.
import { sampleCatalogue } from '../lib/features/comments/sample-catalogue.js';
import { MongoConnection } from '../lib/platform/mongo/connection.js';
import { MongoVideoStore } from '../lib/stores/video/mongo.js';
import { readConfiguration, runTool } from './cli.js';

const TOOL = {
  name: 'npm run seed --',
  usage: `[--env-file FILE]

  Loads the sample trailer catalogue into MONGO_URL / MONGO_DB (npm run migrate does it too).
  Videos already there are left as they are.

  --env-file F    read variables from F (the environment wins)
  -h, --help      this text`,
  envFile: true,
} as const;

export async function seed(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
): Promise<number> {
  const read = readConfiguration(TOOL, argv, env, out);
  if (typeof read === 'number') return read;
  const { config } = read;
  if (!config.mongoUrl) {
    out('MONGO_URL is not set: the embedded store starts seeded, so there is nothing to do.');
    return 0;
  }
  const connection = new MongoConnection(config.mongoUrl, config.mongoDb);
  try {
    const videos = sampleCatalogue();
    const inserted = await new MongoVideoStore(connection.db).seed(videos);
    out(`seeded ${config.mongoDb}.videos: ${inserted} inserted, ${videos.length - inserted} already there`);
    return 0;
  } finally {
    await connection.close();
  }
}

await runTool(import.meta.url, seed);
