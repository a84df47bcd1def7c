// npm run services: starts the real services the tests use (redis-server, FerretDB) on free
// loopback ports and prints their URLs, for running the dev server or tests against them by hand.
import { startFerretDB, startRedis } from '../test/support/services.js';
import { readArgs } from './cli.js';

const TOOL = {
  name: 'npm run services --',
  usage: `

  Starts redis-server and FerretDB (on a private PostgreSQL) on free loopback ports, with data in
  temporary directories, and prints REDIS_URL and MONGO_URL. Ctrl-C stops both and deletes their data.

  -h, --help      this text`,
} as const;

const args = readArgs(TOOL, process.argv.slice(2), process.env, (line) => console.log(line));
if (typeof args === 'number') process.exit(args);
const redis = await startRedis();
const mongo = await startFerretDB();
console.log(`REDIS_URL=${redis.url}\nMONGO_URL=${mongo.url}\n(Ctrl-C stops both and deletes their data)`);
const stop = async () => {
  await Promise.all([redis.dispose(), mongo.dispose()]);
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
