/**
 * What the correlator needs from the event catalog (src/catalog): each event's stage, severity and
 * which field plays which role (client address, user, session id …), plus the code tables for
 * disconnect reasons and a one-line description for timelines. Passed in as a parameter so tests
 * can run the correlator against a reduced catalog.
 */
import type { NormalizedEvent } from '../model/event.js';
import type { StageId } from '../model/analysis.js';
import { lookupEvent, decodeCode, describeEvent, type CodeTableId } from '../catalog/index.js';

export type Role =
  | 'clientAddress' | 'clientPort' | 'user' | 'domain' | 'sessionId' | 'connectionName' | 'logonId'
  | 'reasonCode' | 'logonType' | 'target' | 'workstation' | 'connType' | 'message';

export interface EventFactsDef {
  stage: StageId | null;
  severity?: 'error' | 'warning' | 'info';
  /** role → field name in NormalizedEvent.fields */
  fields?: Partial<Record<string, string>>;
}

export interface DecodedCode {
  code: number;
  name: string;
  description: string;
}

export interface CatalogPort {
  lookupEvent(provider: string, eventId: number, channel?: string): EventFactsDef | undefined;
  decodeCode(table: string, value: number | string): DecodedCode | undefined;
  /** one terminal-safe line: what the event says, codes decoded */
  describeEvent(ev: NormalizedEvent): string;
}

export const defaultCatalog: CatalogPort = {
  lookupEvent: (provider, eventId, channel) => lookupEvent(provider, eventId, channel),
  decodeCode: (table, value) => {
    const e = decodeCode(table as CodeTableId, value);
    return e ? { code: e.code, name: e.name, description: e.description } : undefined;
  },
  describeEvent: (ev) => describeEvent(ev).summary,
};
