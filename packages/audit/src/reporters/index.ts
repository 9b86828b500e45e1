// One reporter per format, behind one map (the CLI picks by --format).
import type { OutputFormat } from '../args/options.js';
import type { AuditReport } from '../runner/report.js';
import { renderJson } from './json.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export interface RenderOptions {
  /** ANSI colour (text only): true only for a terminal without NO_COLOR. */
  readonly color: boolean;
  /** Text only: only WARN/FAIL findings, checks that could not finish, notes and the score. */
  readonly quiet?: boolean;
}

export const reporters: Readonly<Record<OutputFormat, (report: AuditReport, options: RenderOptions) => string>> = {
  text: renderText,
  json: (report) => renderJson(report),
  sarif: (report) => renderSarif(report),
};
