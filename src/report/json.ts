/**
 * JSON report: the document `analyze --json` prints, plus the timelines of the failing attempts.
 * Key order is fixed by construction, so equal models give byte-identical text.
 */
import type { AnalysisDocument } from '../model/analysis.js';
import type { AttemptTimeline, ReportModel } from './model.js';
import { jsonForTerminal } from '../util/sanitize.js';

export interface JsonReport extends AnalysisDocument {
  timelines: AttemptTimeline[];
  timelinesOmitted: number;
}

export function toJsonReport(model: ReportModel): JsonReport {
  return { ...model.document, timelines: model.timelines, timelinesOmitted: model.timelinesOmitted };
}

export function toJson(model: ReportModel): string {
  // C1 controls and bidi overrides from event text are escaped too: this JSON often lands on a terminal
  return `${jsonForTerminal(toJsonReport(model), 2)}\n`;
}
