// One owner's image records in MongoDB (`images` by appId and openId), and the verdicts of
// their traces in `image_verdicts`: what a user's export lists and their account's deletion removes.
import type { Collection, Filter } from 'mongodb';
import { withMongo, withoutMongoId } from '../../platform/mongo/connection.js';
import type { Owner } from '../owner.js';
import { afterFilter, NEWEST_FIRST, type Position } from '../position.js';
import type { ImageRecord, ImageVerdict, OwnerImages } from './store.js';

export interface VerdictDoc {
  appId: string;
  traceId: string;
  verdict: ImageVerdict;
  at: Date;
}

export class MongoOwnerImages implements OwnerImages {
  constructor(
    private readonly images: () => Promise<Collection<ImageRecord>>,
    private readonly verdicts: () => Promise<Collection<VerdictDoc>>,
  ) {}

  async list(
    { appId, openId }: Owner,
    { limit, after }: { limit: number; after?: Position | undefined },
  ): Promise<ImageRecord[]> {
    const images = await this.images();
    const filter = {
      appId: String(appId),
      openId: String(openId),
      ...afterFilter(after),
    } as Filter<ImageRecord>;
    const docs = await withMongo(() => images.find(filter).sort(NEWEST_FIRST).limit(limit).toArray());
    return docs.map(withoutMongoId);
  }

  /** Verdicts first: a retry after a failure part way still finds the records that name them. */
  async removeAll({ appId, openId }: Owner): Promise<number> {
    const [images, verdicts] = await Promise.all([this.images(), this.verdicts()]);
    const owner = { appId: String(appId), openId: String(openId) };
    const traced = await withMongo(() => images.find(owner, { projection: { traceId: 1 } }).toArray());
    const traceIds = traced.flatMap((d) => (typeof d.traceId === 'string' ? [d.traceId] : []));
    if (traceIds.length > 0)
      await withMongo(() => verdicts.deleteMany({ appId: owner.appId, traceId: { $in: traceIds } }));
    const result = await withMongo(() => images.deleteMany(owner));
    return result.deletedCount;
  }
}
