// Parses COS's GetBucket answer (ListBucketResult XML), with the layer's XML reader (xml.js, loaded
// on the first album listing, so the XML parser costs nothing at cold start).
import { readXml } from '../../platform/xml.js';

export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date;
}

export function parseListBucket(text: string): {
  items: ListedObject[];
  truncated: boolean;
  nextMarker: string | undefined;
} {
  const result =
    (
      readXml(text, ['Contents']) as {
        ListBucketResult?: {
          IsTruncated?: string;
          NextMarker?: string;
          Contents?: Array<{ Key: string; Size: string; LastModified: string }>;
        };
      }
    ).ListBucketResult ?? {};
  return {
    items: (result.Contents ?? []).map((c) => ({
      key: String(c.Key),
      size: Number(c.Size),
      lastModified: new Date(c.LastModified),
    })),
    truncated: result.IsTruncated === 'true',
    nextMarker: result.NextMarker === undefined ? undefined : String(result.NextMarker),
  };
}
