// The COS trigger's event: Tencent's documented sample read as documented, hostile shapes refused,
// and the function running one use case per created object, failing the invocation (for SCF's
// retry) only after every object had its turn.
import { describe, expect, it } from 'vitest';
import { createCosFunction, objectCreatedEvent, readCosEvent } from './cos-trigger.js';

// As in "Trigger Event Message Structure Summary" (SCF docs, COS trigger), trimmed.
const documented = {
  Records: [
    {
      cos: {
        cosSchemaVersion: '1.0',
        cosObject: {
          url: 'http://testpic-1253970026.cos.ap-chengdu.myqcloud.com/testfile',
          meta: { 'x-cos-request-id': 'NWMxOWY4MGFfMjViMjU4NjRfMTUyMV8yNzhhZjM=', 'Content-Type': '' },
          vid: '',
          key: '/1253970026/testpic/testfile',
          size: 1029,
        },
        cosBucket: { region: 'cd', name: 'testpic', appid: '1253970026' },
        cosNotificationId: 'unknown',
      },
      event: {
        eventName: 'cos:ObjectCreated:*',
        eventVersion: '1.0',
        eventTime: 1545205770,
        eventSource: 'qcs::cos',
        requestParameters: { requestSourceIP: '192.168.15.101', requestHeaders: { Authorization: 'x' } },
        eventQueue: 'qcs:0:lambda:cd:appid/1253970026:default.printevent.$LATEST',
        reservedInfo: '',
        reqid: 179398952,
      },
    },
  ],
};

describe('readCosEvent', () => {
  it('reads the documented sample: the bucket as COS_BUCKET names it and the object key', () => {
    expect(readCosEvent(documented)).toEqual([
      { bucket: 'testpic-1253970026', key: 'testfile', size: 1029, eventName: 'cos:ObjectCreated:*' },
    ]);
  });

  it('reads what the local bucket raises the same way', () => {
    const event = objectCreatedEvent('local-1250000000', 'local', 'album/wx/p/n.png', 7);
    expect(readCosEvent(event)).toMatchObject([
      { bucket: 'local-1250000000', key: 'album/wx/p/n.png', size: 7 },
    ]);
  });

  it('skips removals and refuses what is not a COS event', () => {
    const removed = structuredClone(documented);
    removed.Records[0]!.event.eventName = 'cos:ObjectRemove:Delete';
    expect(readCosEvent(removed)).toEqual([]);
    const other = structuredClone(documented);
    other.Records[0]!.cos.cosObject.key = '/999/other/testfile';
    for (const bad of [
      null,
      {},
      { Records: [] },
      { Records: [{}] },
      { Records: Array(101).fill(documented.Records[0]) },
      other,
    ])
      expect(readCosEvent(bad)).toBeNull();
    const encoded = structuredClone(documented);
    encoded.Records[0]!.cos.cosObject.key = '/1253970026/testpic/%E4%B8%AD.png';
    expect(readCosEvent(encoded)?.[0]?.key).toBe('中.png');
    encoded.Records[0]!.cos.cosObject.key = '/1253970026/testpic/%E4';
    expect(readCosEvent(encoded)).toBeNull();
  });
});

describe('createCosFunction', () => {
  it('runs the use case per object and fails the invocation after all ran when one failed', async () => {
    const seen: string[] = [];
    const fn = createCosFunction(
      'unit',
      () => 'app',
      async (_app, key) => {
        seen.push(key);
        if (key === 'b') throw new Error('down');
        return 'done';
      },
    );
    const two = { Records: [0, 1].map(() => structuredClone(documented.Records[0]!)) };
    two.Records[0]!.cos.cosObject.key = '/1253970026/testpic/b';
    await expect(fn.main_handler(two)).rejects.toThrow('down');
    expect(seen).toEqual(['b', 'testfile']);
    expect(await fn.main_handler(documented)).toEqual({ processed: 1, results: ['done'] });
    expect(await fn.main_handler({ not: 'cos' })).toEqual({ processed: 0, results: [] });
  });
});
