import type { NormalizedEvent } from '../../src/model/event.js';

/** A realistic normalized event with overridable parts (for store/correlator unit tests). */
export function makeEvent(over: Partial<NormalizedEvent> & { eventId: number; time: string }): NormalizedEvent {
  return {
    host: 'RDSH01.corp.example',
    channel: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational',
    provider: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS',
    providerGuid: '1139c61b-b549-4251-8ed3-27250a1edec8',
    qualifiers: null, version: 0, level: 4, task: 0, opcode: 0, keywords: '0x4000000000000000',
    recordId: 1, activityId: null, relatedActivityId: null, processId: 1000, threadId: 2000, userSid: 'S-1-5-20',
    fields: {}, message: null, levelText: null, origin: { file: 'test.xml', offset: 0 },
    ...over,
  };
}
