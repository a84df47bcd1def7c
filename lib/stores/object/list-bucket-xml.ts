// Parses COS's GetBucket answer (ListBucketResult XML). A separate file of the layer (xml.js), loaded
// on the first album listing, so the XML parser costs nothing at cold start. Import nothing of ours.
import { XMLParser } from 'fast-xml-parser';

const xml = new XMLParser({ isArray: (name) => name === 'Contents', parseTagValue: false });

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
      xml.parse(text) as {
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
