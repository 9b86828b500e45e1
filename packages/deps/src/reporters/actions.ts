// The fix advice of all findings in force as a short to-do list: each distinct command once, with
// how many findings it fixes, most first. Node core findings collapse into one "upgrade Node.js"
// or "raise engines.node" to the highest fixed version among them (one move fixes them all).
import semver from 'semver';
import type { ReportedFinding } from '../runner/report.js';

export interface FixAction {
  readonly action: string;
  readonly fixes: number;
}

function highest(versions: readonly string[]): string | undefined {
  return versions.filter((version) => semver.valid(version) !== null).sort(semver.rcompare)[0];
}

export function fixActions(findings: readonly ReportedFinding[]): FixAction[] {
  const counts = new Map<string, number>();
  const add = (action: string) => counts.set(action, (counts.get(action) ?? 0) + 1);
  const node = { running: [] as string[], engines: [] as string[], runningCount: 0, enginesCount: 0 };
  for (const finding of findings) {
    if (finding.kind !== 'advisory') continue;
    if (finding.key === 'node:running' || finding.key === 'node:engines') {
      const list = finding.key === 'node:running' ? node.running : node.engines;
      if (finding.fixedIn !== undefined) list.push(finding.fixedIn);
      if (finding.key === 'node:running') node.runningCount += 1;
      else node.enginesCount += 1;
      continue;
    }
    const advice = finding.advice;
    if (advice?.kind === 'update') add(advice.command);
    else if (advice?.kind === 'upgrade') for (const step of new Set(advice.steps.map((s) => s.command))) add(step);
  }
  const actions = [...counts.entries()].map(([action, fixes]) => ({ action, fixes }));
  const running = highest(node.running);
  if (running !== undefined) actions.push({ action: `upgrade Node.js to ${running} or later`, fixes: node.runningCount });
  const engines = highest(node.engines);
  if (engines !== undefined) actions.push({ action: `raise "engines": { "node": ">=${engines}" } in package.json`, fixes: node.enginesCount });
  return actions.sort((a, b) => b.fixes - a.fixes || a.action.localeCompare(b.action));
}
