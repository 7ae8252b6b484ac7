/** Builds NormalizedEvents for catalog tests, with the header values of real records. */
import type { NormalizedEvent } from '../../src/model/event.js';

export function nev(channel: string, provider: string, eventId: number, fields: Record<string, string>, extra: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return {
    host: 'RDSH01', channel, provider, providerGuid: null, eventId, qualifiers: null, version: 0, level: 4,
    task: null, opcode: null, keywords: null, time: '2019-08-27T17:16:28.5438790Z', recordId: 845,
    activityId: null, relatedActivityId: null, processId: null, threadId: null, userSid: null,
    fields, message: null, levelText: null, origin: { file: 'test.xml', offset: 0 }, ...extra,
  };
}
