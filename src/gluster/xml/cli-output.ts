// The envelope of every `gluster ... --xml` answer: <cliOutput> with opRet,
// opErrno and opErrstr. The CLI often exits 0 even when the operation failed,
// so the verdict is opRet, never the exit status.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Elements that may repeat; fast-xml-parser must always give arrays for them. */
const REPEATING = new Set(['peer', 'volume', 'brick', 'option', 'node', 'hostname', 'file', 'task']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Keep text as text: UUIDs, "N/A" ports and names like "0123" must not turn into numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name, jpath) => REPEATING.has(name) && !(name === 'hostname' && !String(jpath).endsWith('hostnames.hostname')),
});

export class GlusterXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GlusterXmlError';
  }
}

export type XmlNode = Record<string, unknown>;

export interface CliOutput {
  ok: boolean;
  opRet: number;
  opErrno: number;
  opErrstr: string;
  root: XmlNode;
}

/** Parses the XML envelope; throws GlusterXmlError for text that is not gluster's XML (e.g. an error on stderr). */
export function parseCliOutput(xml: string): CliOutput {
  const trimmed = xml.trim();
  if (!trimmed.startsWith('<')) {
    throw new GlusterXmlError(`expected gluster --xml output, got: ${trimmed.slice(0, 200) || '(nothing)'}`);
  }
  const valid = XMLValidator.validate(trimmed);
  if (valid !== true) throw new GlusterXmlError(`malformed XML from gluster: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = parser.parse(trimmed) as XmlNode;
  const root = doc.cliOutput as XmlNode | undefined;
  if (!root || typeof root !== 'object') throw new GlusterXmlError('gluster XML without <cliOutput>');
  const opRet = toInt(root.opRet, -1);
  return { ok: opRet === 0, opRet, opErrno: toInt(root.opErrno, 0), opErrstr: text(root.opErrstr), root };
}

/** Like parseCliOutput, but a failed operation (opRet != 0) throws with gluster's own message. */
export function requireOk(xml: string, what: string): XmlNode {
  const out = parseCliOutput(xml);
  if (!out.ok) throw new GlusterXmlError(`${what} failed: ${out.opErrstr || `opRet ${out.opRet}, opErrno ${out.opErrno}`}`);
  return out.root;
}

export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') {
    const inner = (value as XmlNode)['#text'];
    return inner === undefined ? '' : String(inner);
  }
  return String(value);
}

export function toInt(value: unknown, fallback: number): number {
  const t = text(value);
  return /^-?[0-9]+$/.test(t) ? Number(t) : fallback;
}

/** A number if the text is one (ports and pids are "N/A" when a brick is down). */
export function optionalInt(value: unknown): number | undefined {
  const t = text(value);
  return /^-?[0-9]+$/.test(t) ? Number(t) : undefined;
}

export function list(value: unknown): XmlNode[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is XmlNode => typeof v === 'object' && v !== null);
}

/** Repeated text elements, e.g. <hostnames><hostname>a</hostname>...</hostnames>. */
export function texts(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(text).filter(Boolean);
}

export function child(node: unknown, name: string): XmlNode {
  const value = typeof node === 'object' && node !== null ? (node as XmlNode)[name] : undefined;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : {};
}
