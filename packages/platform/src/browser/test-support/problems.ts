// What counts against a page of the web app: every CSP violation, every uncaught exception and
// every console error, except Chromium's network line for an API refusal (4xx) that the app
// expects and shows (a refused refresh when signed out, a 403), and the favicon the app does
// not ship. A 4xx for anything else, an asset of the app say, still counts.
import type { PageProblem } from '../../../../../test-support/browser.js';

const REFUSAL_LINE = /^Failed to load resource: the server responded with a status of 4\d\d\b/;
const API_OR_FAVICON = /^\/(?:api\/|auth\/|favicon\.ico$)/;

function handledRefusal(problem: PageProblem): boolean {
  if (problem.kind !== 'console-error' || !REFUSAL_LINE.test(problem.text)) return false;
  try {
    return API_OR_FAVICON.test(new URL(problem.url).pathname);
  } catch {
    return false;
  }
}

export function unexpectedProblems(problems: readonly PageProblem[]): PageProblem[] {
  return problems.filter((problem) => !handledRefusal(problem));
}
