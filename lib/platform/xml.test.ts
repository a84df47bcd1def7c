import { describe, expect, it } from 'vitest';
import { readXml, XmlRefusedError } from './xml.js';

describe('readXml', () => {
  it('reads elements, text and CDATA as strings, the way WeChat writes its pushes', () => {
    const doc = readXml(
      '<?xml version="1.0"?><xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>1700000000</CreateTime>' +
        '<result><suggest><![CDATA[pass]]></suggest><label>100</label></result><errcode>0</errcode></xml>',
    );
    expect(doc).toEqual({
      xml: {
        ToUserName: 'gh_1',
        CreateTime: '1700000000',
        result: { suggest: 'pass', label: '100' },
        errcode: '0',
      },
    });
    expect(readXml('<a><b>1</b></a>', ['b'])).toEqual({ a: { b: ['1'] } });
  });

  it.each([
    ['a document type', '<!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><x>&a;</x></xml>'],
    ['an external entity', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'],
    ['a lower-case doctype', '<!doctype x><x/>'],
    ['a processing instruction', '<?xml-stylesheet href="x"?><x/>'],
    ['what is not XML', '<xml><a></xml>'],
    ['nothing', ''],
  ])('refuses %s', (_what, text) => {
    expect(() => readXml(text)).toThrow(XmlRefusedError);
  });

  it('never expands an entity reference', () => {
    expect(readXml('<x>&amp;&lt;&#60;</x>')).toEqual({ x: '&amp;&lt;&#60;' });
  });
});
