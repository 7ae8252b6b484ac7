/**
 * CSV: one row per timeline event (Timeline Explorer, spreadsheets). RFC 4180 (CRLF, quoted fields) and
 * guarded against formula injection: see csvCell.
 */
import type { ReportModel } from './model.js';
import { stageName } from './model.js';
import { csvRow } from './escape.js';

export const CSV_COLUMNS = [
  'time', 'attempt_id', 'attempt_host', 'side', 'client_address', 'user', 'outcome', 'stage', 'stage_name',
  'host', 'channel', 'provider', 'event_id', 'record_id', 'activity_id', 'title', 'meaning', 'join_key',
  'join_confidence', 'evidence_for',
] as const;

export function toCsv(model: ReportModel): string {
  const out: string[] = [csvRow([...CSV_COLUMNS])];
  for (const t of model.timelines) {
    for (const e of t.events) {
      out.push(
        csvRow([
          e.time, t.attemptId, t.host, t.side, t.side === 'client' ? t.target : t.clientAddress, t.user, t.outcome,
          e.stage ?? '', stageName(e.stage), e.host, e.channel, e.provider, e.eventCode, e.recordId, e.activityId,
          e.title, e.meaning, e.joinKey, e.confidence, e.evidenceFor.join(' '),
        ]),
      );
    }
  }
  return out.join('');
}
