// npm run seed: loads the sample trailer catalogue (data/videos.json) into MONGO_URL / MONGO_DB.
// Idempotent: videos already there (by id) are left exactly as they are.
import { sampleCatalogue } from '../lib/features/comments/sample-catalogue.js';
import { loadConfig } from '../lib/platform/config/index.js';
import { MongoConnection } from '../lib/platform/mongo/connection.js';
import { MongoVideoStore } from '../lib/stores/video/mongo.js';

const config = loadConfig(process.env);
if (!config.mongoUrl) {
  console.log('MONGO_URL is not set: the embedded store starts seeded, so there is nothing to do.');
  process.exit(0);
}
const connection = new MongoConnection(config.mongoUrl, config.mongoDb);
try {
  const videos = sampleCatalogue();
  const inserted = await new MongoVideoStore(connection.db).seed(videos);
  console.log(
    `seeded ${config.mongoDb}.videos: ${inserted} inserted, ${videos.length - inserted} already there`,
  );
} finally {
  await connection.close();
}
