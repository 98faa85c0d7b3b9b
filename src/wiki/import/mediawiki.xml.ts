import { SaxesParser, type SaxesTagNS } from 'saxes';
import { AppError, invalid } from '../../errors.ts';
import type { ExportDump, ExportPage, ExportRevision } from './mediawiki.types.ts';

/** Bounds on what one export may hold, so a hostile or runaway dump fails early and clearly. */
export interface ReadExportOptions {
  readonly maxPages?: number;
  readonly maxRevisionsPerPage?: number;
  /** The most UTF-8 bytes one element's text (a revision's wikitext, a title…) may have. */
  readonly maxTextBytes?: number;
}

/** export-0.10 and export-0.11 use the same elements; older versions differ only in what we ignore. */
const EXPORT_NAMESPACE = /^http:\/\/www\.mediawiki\.org\/xml\/export-0\.\d+\/$/;
/** The parent/child pairs whose text we keep; everything else (upload, sha1, model…) is skipped. */
const CAPTURED = new Set([
  'siteinfo/sitename', 'namespaces/namespace', 'page/title', 'page/ns',
  'revision/id', 'revision/timestamp', 'revision/comment', 'revision/text', 'contributor/username', 'contributor/ip',
]);
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

interface PageDraft {
  title?: string;
  nsText?: string;
  redirect?: string;
  revisions: ExportRevision[];
}

interface RevisionDraft {
  id?: string;
  timestamp?: string;
  username?: string;
  ip?: string;
  comment?: string;
  text?: string;
  minor: boolean;
}

/**
 * Reads a MediaWiki XML export (Special:Export, dumpBackup.php) into its pages, streaming it
 * through saxes so only the kept text is ever held; any problem is an `invalid` AppError.
 */
export function readMediaWikiExport(xml: string | Iterable<string>, options: ReadExportOptions = {}): ExportDump {
  const { maxPages = 10_000, maxRevisionsPerPage = 5_000, maxTextBytes = 2_000_000 } = options;
  const parser = new SaxesParser({ xmlns: true, position: true });
  const at = () => `line ${parser.line}, column ${parser.column}`;
  const stack: string[] = [];
  const pages: ExportPage[] = [];
  const namespaces = new Map<string, number>();
  let siteName: string | undefined;
  let page: PageDraft | undefined;
  let revision: RevisionDraft | undefined;
  let capture: { key: string; depth: number; attrs: SaxesTagNS['attributes']; chunks: string[]; bytes: number } | undefined;

  const append = (text: string) => {
    if (capture === undefined) return;
    capture.bytes += Buffer.byteLength(text, 'utf8');
    if (capture.bytes > maxTextBytes) {
      throw invalid('xml_text_too_large', `An element's text is longer than ${maxTextBytes} bytes (${at()}).`);
    }
    capture.chunks.push(text);
  };

  parser.on('error', (e) => {
    throw invalid('xml_malformed', `The export is not well-formed XML (${at()}): ${e.message.replace(/^\d+:\d+: /, '')}`);
  });
  parser.on('doctype', (doctype) => {
    // saxes never expands entities declared in a DTD, but refusing them outright keeps a
    // billion-laughs file from looking like a valid dump with odd text.
    if (/<!ENTITY/i.test(doctype)) throw invalid('xml_doctype', `The export declares entities in a DOCTYPE, which is not allowed (${at()}).`);
  });
  parser.on('text', append);
  parser.on('cdata', append);

  parser.on('opentag', (tag) => {
    if (stack.length === 0) checkRoot(tag, at);
    const inExport = tag.uri === '' || EXPORT_NAMESPACE.test(tag.uri);
    const name = inExport ? tag.local : '#foreign';
    const parent = stack[stack.length - 1] ?? '';
    stack.push(name);
    const key = `${parent}/${name}`;
    const depth = stack.length;
    if (key === 'mediawiki/page' && depth === 2) {
      if (pages.length >= maxPages) throw invalid('xml_too_many_pages', `The export has more than ${maxPages} pages (${at()}).`);
      page = { revisions: [] };
    } else if (key === 'page/revision' && depth === 3 && page !== undefined) {
      if (page.revisions.length >= maxRevisionsPerPage) {
        throw invalid('xml_too_many_revisions', `Page "${page.title ?? pages.length + 1}" has more than ${maxRevisionsPerPage} revisions (${at()}).`);
      }
      revision = { minor: false };
    } else if (key === 'page/redirect' && page !== undefined) {
      const target = tag.attributes['title']?.value.trim();
      if (target) page.redirect = target;
    } else if (key === 'revision/minor' && revision !== undefined) {
      revision.minor = true;
    } else if (CAPTURED.has(key) && capture === undefined) {
      capture = { key, depth, attrs: tag.attributes, chunks: [], bytes: 0 };
    }
  });

  parser.on('closetag', () => {
    const depth = stack.length;
    const name = stack.pop();
    if (capture !== undefined && capture.depth === depth) {
      const { key, attrs, chunks } = capture;
      capture = undefined;
      // A hidden field (deleted="deleted") reads as empty, whatever text it might carry.
      const text = attrs['deleted'] !== undefined ? '' : chunks.join('');
      keep(key, text, attrs);
    } else if (name === 'revision' && depth === 3 && page !== undefined && revision !== undefined) {
      page.revisions.push(finishRevision(revision, page, pages.length, at));
      revision = undefined;
    } else if (name === 'page' && depth === 2 && page !== undefined) {
      pages.push(finishPage(page, pages.length, namespaces, at));
      page = undefined;
    }
  });

  function keep(key: string, text: string, attrs: SaxesTagNS['attributes']): void {
    switch (key) {
      case 'siteinfo/sitename': siteName = text.trim() || undefined; break;
      case 'namespaces/namespace': {
        const k = Number(attrs['key']?.value);
        if (Number.isInteger(k) && text.trim() !== '') namespaces.set(text.trim().toLowerCase(), k);
        break;
      }
      case 'page/title': if (page) page.title = text.trim(); break;
      case 'page/ns': if (page) page.nsText = text.trim(); break;
      case 'revision/id': if (revision) revision.id = text.trim(); break;
      case 'revision/timestamp': if (revision) revision.timestamp = text.trim(); break;
      case 'revision/comment': if (revision) revision.comment = text; break;
      case 'revision/text': if (revision) revision.text = text; break;
      case 'contributor/username': if (revision) revision.username = text.trim(); break;
      case 'contributor/ip': if (revision) revision.ip = text.trim(); break;
    }
  }

  try {
    if (typeof xml === 'string') parser.write(xml);
    else {
      for (const chunk of xml) {
        if (typeof chunk !== 'string') throw invalid('xml_input', 'The export must be read as text (strings), not bytes.');
        parser.write(chunk);
      }
    }
    parser.close();
  } catch (e) {
    if (e instanceof AppError) throw e;
    // saxes reports through the handler above; anything else (a RangeError deep inside) still
    // answers as bad input rather than escaping as a crash.
    throw invalid('xml_malformed', `The export could not be read (${at()}): ${e instanceof Error ? e.message : String(e)}`);
  }
  return siteName === undefined ? { pages } : { siteName, pages };
}

function checkRoot(tag: SaxesTagNS, at: () => string): void {
  if (tag.local !== 'mediawiki') {
    throw invalid('xml_root', `Expected a MediaWiki export whose root element is <mediawiki>, found <${tag.name}> (${at()}).`);
  }
  if (tag.uri !== '' && !EXPORT_NAMESPACE.test(tag.uri)) {
    throw invalid('xml_namespace', `The root element is in namespace "${tag.uri}", not a MediaWiki export namespace (${at()}).`);
  }
}

function finishRevision(draft: RevisionDraft, page: PageDraft, index: number, at: () => string): ExportRevision {
  const where = `page "${page.title ?? index + 1}", revision ${page.revisions.length + 1}`;
  const timestamp = draft.timestamp === undefined ? undefined : parseTimestamp(draft.timestamp);
  if (timestamp === undefined) {
    throw invalid('xml_timestamp', `In ${where}, the timestamp ${draft.timestamp === undefined ? 'is missing' : `"${draft.timestamp.slice(0, 40)}" is not a date`} (${at()}).`);
  }
  let id: number | null = null;
  if (draft.id !== undefined && draft.id !== '') {
    if (!/^\d{1,15}$/.test(draft.id)) throw invalid('xml_revision_id', `In ${where}, the id "${draft.id.slice(0, 40)}" is not a number (${at()}).`);
    id = Number(draft.id);
  }
  return {
    id,
    timestamp,
    contributor: draft.username || draft.ip || '',
    comment: draft.comment ?? '',
    text: draft.text ?? '',
    minor: draft.minor,
  };
}

function finishPage(draft: PageDraft, index: number, namespaces: ReadonlyMap<string, number>, at: () => string): ExportPage {
  if (!draft.title) throw invalid('xml_page_title', `Page ${index + 1} has no title (${at()}).`);
  let ns = 0;
  if (draft.nsText !== undefined) {
    if (!/^-?\d{1,6}$/.test(draft.nsText)) throw invalid('xml_page_ns', `Page "${draft.title}" has namespace "${draft.nsText.slice(0, 40)}", not a number (${at()}).`);
    ns = Number(draft.nsText);
  } else {
    // Exports before 0.6 have no <ns>: the title's prefix, looked up in <siteinfo>, says it.
    const colon = draft.title.indexOf(':');
    if (colon > 0) ns = namespaces.get(draft.title.slice(0, colon).toLowerCase()) ?? 0;
  }
  // Dumps list revisions oldest first, but Special:Export of several sources may not; the sort is stable.
  const revisions = [...draft.revisions].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const page = { title: draft.title, ns, revisions };
  return draft.redirect === undefined ? page : { ...page, redirect: draft.redirect };
}

/** ISO 8601 with a zone, checked field by field because `Date` rolls 30 February over into March. */
function parseTimestamp(text: string): string | undefined {
  const m = ISO_TIMESTAMP.exec(text);
  if (m === null) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return new Date(ms).toISOString();
}
