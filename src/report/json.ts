/**
 * JSON report: the document `analyze --json` prints, plus the timelines of the failing attempts.
 * Key order is fixed by construction, so equal models give byte-identical text.
 */
import type { AnalysisDocument } from '../model/analysis.js';
import type { AttemptTimeline, ReportModel } from './model.js';

export interface JsonReport extends AnalysisDocument {
  timelines: AttemptTimeline[];
  timelinesOmitted: number;
}

export function toJsonReport(model: ReportModel): JsonReport {
  return { ...model.document, timelines: model.timelines, timelinesOmitted: model.timelinesOmitted };
}

export function toJson(model: ReportModel): string {
  return `${JSON.stringify(toJsonReport(model), null, 2)}\n`;
}
