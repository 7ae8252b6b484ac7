// Placeholder until the XPath filter lands.
import type { NormalizedEvent } from '../model/event.js';

export function compileXPathFilter(_expr: string): (ev: NormalizedEvent) => boolean {
  throw new Error('--xpath is not available in this build');
}
