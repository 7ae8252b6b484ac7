/** The report formats: each one a pure function of the same ReportModel. */
import type { ReportModel } from './model.js';
import { toMarkdown } from './markdown.js';
import { toHtml } from './html.js';
import { toJson } from './json.js';
import { toCsv } from './csv.js';
import { toEcsNdjson } from './ecs.js';

export const EXPORTERS = {
  md: toMarkdown,
  html: toHtml,
  json: toJson,
  csv: toCsv,
  'ecs-ndjson': toEcsNdjson,
} as const satisfies Record<string, (model: ReportModel) => string>;

export type ReportFormat = keyof typeof EXPORTERS;
export const REPORT_FORMATS = Object.keys(EXPORTERS) as ReportFormat[];

export function renderReport(model: ReportModel, format: ReportFormat): string {
  return EXPORTERS[format](model);
}

export { buildReportModel, buildAnalysisDocument } from './model.js';
export type { ReportModel, ReportFilter, ReportOptions } from './model.js';
