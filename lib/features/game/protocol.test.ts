import { describe, expect, it } from 'vitest';
import { gameUid } from '../../stores/game/uid.js';
import { parseFrame } from './protocol.js';

describe('parseFrame', () => {
  it('says which choices there are when a choice is none of them', () => {
    for (const value of [7, 0, '1', null])
      expect(parseFrame(JSON.stringify({ type: 'choice', value }))).toEqual({
        error: 'value: must be 1 (rock), 2 (scissors) or 3 (paper)',
      });
  });

  it('reads every client frame', () => {
    expect(parseFrame('{"type":"hello","user":{"nickName":"A"}}')).toEqual({
      type: 'hello',
      user: { nickName: 'A' },
    });
    // A user with no avatar, as the qcloud demo's client sends it.
    expect(parseFrame('{"type":"hello","user":{"nickName":"A","avatarUrl":""}}')).toEqual({
      type: 'hello',
      user: { nickName: 'A', avatarUrl: '' },
    });
    expect(parseFrame('{"type":"join"}')).toEqual({ type: 'join' });
    expect(parseFrame('{"type":"choice","value":3}')).toEqual({ type: 'choice', value: 3 });
    expect(parseFrame('{"type":"face","value":"😀"}')).toEqual({ type: 'face', value: '😀' });
  });

  it.each([
    'not json',
    '[1]',
    '5',
    '{"type":"dance"}',
    '{"type":"choice","value":7}',
    '{"type":"face","value":""}',
    '{"type":"face","value":"x\\u0000"}',
    '{"type":"hello","coordinate":{"latitude":91,"longitude":0}}',
    '{"type":"hello","user":{"avatarUrl":"http://wx.qlogo.cn/a"}}',
  ])('answers %j with the reason it is not a frame', (data) => {
    expect(parseFrame(data)).toEqual({ error: expect.any(String) });
  });
});

it('a player id is a one-way hash of the app and openId', () => {
  expect(gameUid('wx', 'o-1')).toMatch(/^[0-9a-f]{16}$/);
  expect(gameUid('wx', 'o-1')).toBe(gameUid('wx', 'o-1'));
  expect(gameUid('wx', 'o-1')).not.toBe(gameUid('wx2', 'o-1'));
});
