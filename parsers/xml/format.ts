/**
 * Which tool wrote an XML export, told from its content (what comes before the first record and the
 * record itself), never from the file name. The name goes into InputInfo.format; it also decides
 * how `<Binary>` is read (python-evtx writes base64, everything else hex).
 */
import type { TextEncoding } from './decode.js';

export type XmlFormat =
  | 'event-viewer-xml' // Event Viewer "Save as… XML": <Events> root
  | 'wevtutil-xml' // wevtutil qe /f:xml: records without a root, single-quoted attributes
  | 'rendered-xml' // wevtutil /f:RenderedXml, ForwardedEvents: records with RenderingInfo, no root
  | 'powershell-toxml' // Get-WinEvent … ToXml() redirected by Windows PowerShell: UTF-16 text, no root
  | 'python-evtx' // evtx_dump.py: XML 1.1 declaration, <Events> root, base64 Binary
  | 'evtxexport' // libevtx evtxexport -f xml: banner line, no root
  | 'evtx-dump-rs' // Rust evtx_dump: "Record N" lines and an XML declaration per record
  | 'event-viewer-copy' // copied from Event Viewer's XML view (with or without "- " fold markers)
  | 'unknown';

export interface FormatHints {
  banner: boolean;
  recordMarkers: boolean;
  foldMarkers: boolean;
  declarations: number;
  xml11: boolean;
  root: string | null;
}

export function newHints(): FormatHints {
  return { banner: false, recordMarkers: false, foldMarkers: false, declarations: 0, xml11: false, root: null };
}

export function detectFormat(h: FormatHints, encoding: TextEncoding, firstRecord: string | null): XmlFormat {
  if (h.banner) return 'evtxexport';
  if (h.recordMarkers) return 'evtx-dump-rs';
  if (h.xml11) return 'python-evtx';
  if (h.foldMarkers || (firstRecord !== null && /\n[ \t]*- </.test(firstRecord))) return 'event-viewer-copy';
  if (firstRecord === null) return h.root ? 'event-viewer-xml' : 'unknown';
  const startTag = firstRecord.substring(0, firstRecord.indexOf('>') + 1);
  if (h.root) {
    // python-evtx 0.8 writes an XML 1.0 declaration; its timestamps still use a space, not a 'T'.
    if (/SystemTime="\d{4}-\d\d-\d\d \d/.test(firstRecord)) return 'python-evtx';
    // wevtutil /e:<name> wraps its single-quoted records in a root element of that name
    if (startTag.includes("'")) return firstRecord.includes('<RenderingInfo') ? 'rendered-xml' : 'wevtutil-xml';
    return 'event-viewer-xml';
  }
  if (h.declarations > 0) return 'evtx-dump-rs'; // --dont-show-record-number: declarations but no markers
  if (firstRecord.includes('<RenderingInfo')) return 'rendered-xml';
  // Windows PowerShell 5.1 redirection writes UTF-16LE with a BOM; records are the same EvtRender output as wevtutil's.
  if (encoding === 'utf-16le-bom') return 'powershell-toxml';
  if (startTag.includes('"')) return 'event-viewer-copy';
  return 'wevtutil-xml';
}
