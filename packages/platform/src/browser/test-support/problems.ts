// What counts against a page of the web app: every CSP violation, every uncaught exception and
// every console error, except Chromium's network line for an API refusal (4xx) that the app
// expects and shows in its error element (a refused refresh when signed out, a 403).
import type { PageProblem } from '../../../../../test-support/browser.js';

const HANDLED_REFUSAL = /^Failed to load resource: the server responded with a status of 4\d\d\b/;

export function unexpectedProblems(problems: readonly PageProblem[]): PageProblem[] {
  return problems.filter((problem) => !(problem.kind === 'console-error' && HANDLED_REFUSAL.test(problem.text)));
}
