/**
 * What the TUI needs to know about an event beyond its stored fields: a title, its stage and family,
 * the decoded values of coded fields, and the raw XML. These come from the catalog and the XML
 * renderer; they are injected so the screens can be tested with any describer.
 */
import type { StageId } from '../model/analysis.js';
import type { StoredEvent } from '../model/event.js';

export interface DecodedValue {
  field: string;
  value: string;
  meaning: string;
}

export interface EventDescription {
  title: string;
  stage: StageId | null;
  family: string | null;
  severity?: string | null;
  decoded: DecodedValue[];
  summary: string;
}

export type DescribeEvent = (ev: StoredEvent) => EventDescription;
export type RenderRaw = (ev: StoredEvent) => string;

export interface EventKnowledge {
  describe: DescribeEvent;
  renderRaw: RenderRaw;
}

/** Used only when no catalog is wired in: names the event and lists its fields, decodes nothing. */
export const plainDescribe: DescribeEvent = (ev) => ({
  title: `${ev.provider} ${ev.eventId}`,
  stage: null,
  family: null,
  decoded: [],
  summary: Object.entries(ev.fields)
    .slice(0, 4)
    .map(([k, v]) => `${k}=${v}`)
    .join(' '),
});

/** Raw view without an XML renderer: the stored record as indented JSON (deterministic key order). */
export const jsonRaw: RenderRaw = (ev) => {
  const { id, ...rest } = ev;
  return JSON.stringify({ id, ...rest }, null, 2);
};
