// Strict XML reading for what the platforms send: COS's listings and WeChat's pushes in XML. A
// separate file of the layer (xml.js), loaded on first use, so the parser costs nothing at cold
// start. A document type, an entity declaration or a processing instruction is refused before
// parsing (no entity is ever expanded), and text stays text: no value is turned into a number.
import { XMLParser } from 'fast-xml-parser';

export class XmlRefusedError extends Error {
  override name = 'XmlRefusedError';
}

const FORBIDDEN = /<!DOCTYPE|<!ENTITY|<\?(?!xml[\s?])/i;

/** The document as nested objects (an element's text is a string; `arrays` names the elements that
 * are always lists). Throws XmlRefusedError for anything but plain elements, text and CDATA. */
export function readXml(text: string, arrays: readonly string[] = []): Record<string, unknown> {
  if (FORBIDDEN.test(text)) throw new XmlRefusedError('a document type, entity or processing instruction');
  const parser = new XMLParser({
    isArray: (name) => arrays.includes(name),
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreAttributes: true,
    ignoreDeclaration: true,
    processEntities: false,
    htmlEntities: false,
  });
  let parsed: unknown;
  try {
    parsed = parser.parse(text, true);
  } catch {
    throw new XmlRefusedError('not well-formed');
  }
  if (typeof parsed !== 'object' || parsed === null) throw new XmlRefusedError('no element');
  return parsed as Record<string, unknown>;
}
