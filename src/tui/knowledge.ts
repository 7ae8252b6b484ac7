/**
 * The event knowledge the browser shows: titles, stages, families and decoded values from the
 * catalog; the raw record as Windows event XML rebuilt from the stored fields.
 */
import { describeEvent } from '../catalog/describe.js';
import { renderEventXml } from '../../parsers/xml/render.js';
import type { EventKnowledge } from './describe.js';

export function defaultKnowledge(): EventKnowledge {
  return {
    describe: (ev) => {
      const d = describeEvent(ev);
      return { title: d.title, stage: d.stage, family: d.family, severity: d.severity, decoded: d.decoded.map(({ field, value, meaning }) => ({ field, value, meaning })), summary: d.summary };
    },
    renderRaw: (ev) => renderEventXml(ev),
  };
}
