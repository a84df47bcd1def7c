// The only module that loads the MongoDB driver. The build makes it a separate file of the layer
// (mongo.js), loaded on a function's first MongoDB call: functions that never touch MongoDB (/auth,
// the album) start without it. Import nothing of ours here.
import { MongoClient } from 'mongodb';

export function createMongoClient(url: string): MongoClient {
  // Retryable writes by default, so a write during a primary switch (a replica set, a sharded
  // cluster) is retried once by the driver; the driver uses them only where the server supports
  // them (not on a standalone). MONGO_URL may say retryWrites=false (FerretDB v1 has no sessions).
  const retryWrites = !/[?&]retryWrites=false(&|$)/i.test(url);
  return new MongoClient(url, {
    appName: 'weapp-scf',
    // Short selection and connect timeouts: a request answers ERR_SERVICE_UNAVAILABLE within about
    // 1.5 s while MongoDB is away; the driver reconnects by itself.
    serverSelectionTimeoutMS: 1500,
    connectTimeoutMS: 1500,
    socketTimeoutMS: 5000,
    maxPoolSize: 5,
    // With the pool busy (a hung server), wait no longer than an operation may take.
    waitQueueTimeoutMS: 1500,
    retryWrites,
  });
}
