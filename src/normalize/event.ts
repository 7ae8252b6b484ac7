/**
 * RawEvent (verbatim strings from any reader) → NormalizedEvent (the type every later stage uses).
 * A record without a usable EventID or TimeCreated cannot be placed on a timeline: it becomes a
 * parse issue instead of an event.
 */
import type { NormalizedEvent, ParseIssue, RawEvent } from '../model/event.js';
import { normalizeTime } from './time.js';
import { normalizeGuid } from './guid.js';

function int(text: string | undefined): number | null {
  if (text === undefined) return null;
  // fast path for the usual spelling, plain decimal digits (under 16 of them: exact in a double)
  const len = text.length;
  if (len > 0 && len < 16) {
    let v = 0;
    let k = 0;
    for (; k < len; k++) {
      const d = text.charCodeAt(k) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (k === len) return v;
  }
  const t = text.trim();
  if (t === '') return null;
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t, 16) : /^-?\d+$/.test(t) ? Number(t) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

function str(text: string | undefined): string | null {
  if (text === undefined) return null;
  const t = text.trim();
  return t === '' ? null : t;
}

export type NormalizeResult = { ok: true; event: NormalizedEvent } | { ok: false; issue: ParseIssue };

export function normalizeEvent(raw: RawEvent): NormalizeResult {
  const s = raw.system;
  const fail = (message: string): NormalizeResult => ({
    ok: false,
    issue: { file: raw.origin.file, offset: raw.origin.offset, line: raw.origin.line ?? null, kind: 'event-incomplete', message },
  });
  const eventId = int(s.eventId);
  if (eventId === null) return fail(`event has no usable EventID (${JSON.stringify(s.eventId ?? null)})`);
  const time = normalizeTime(s.timeCreated);
  if (time === null) return fail(`event ${eventId} has no usable TimeCreated (${JSON.stringify(s.timeCreated ?? null)})`);
  const fields: Record<string, string> = {};
  for (const [name, value] of raw.fields) {
    let key = name;
    for (let i = 2; Object.prototype.hasOwnProperty.call(fields, key); i++) key = `${name}[${i}]`;
    fields[key] = value;
  }
  const r = raw.rendering;
  return {
    ok: true,
    event: {
      host: (s.computer ?? '').trim(),
      channel: (s.channel ?? r?.channel ?? '').trim(),
      provider: (s.providerName ?? s.eventSourceName ?? r?.provider ?? '').trim(),
      providerGuid: normalizeGuid(s.providerGuid),
      eventId,
      qualifiers: int(s.qualifiers),
      version: int(s.version),
      level: int(s.level),
      task: int(s.task),
      opcode: int(s.opcode),
      keywords: str(s.keywords),
      time,
      recordId: int(s.recordId),
      activityId: normalizeGuid(s.activityId),
      relatedActivityId: normalizeGuid(s.relatedActivityId),
      processId: int(s.processId),
      threadId: int(s.threadId),
      userSid: str(s.userId),
      fields,
      message: r?.message !== undefined && r.message.trim() !== '' ? r.message : null,
      levelText: str(r?.level),
      origin: raw.origin,
    },
  };
}
