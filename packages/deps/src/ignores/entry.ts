// One ignore entry as the runner uses it, and the path patterns it may be limited to.

/** One step of a path pattern: a package name, optionally pinned to a version. */
export interface PathStep {
  readonly name: string;
  readonly version?: string;
}

export interface IgnoreEntry {
  /** Advisory id (any alias matches) or policy rule id. */
  readonly id: string;
  readonly reason: string;
  /** ISO date (YYYY-MM-DD): from that day on the entry no longer ignores anything. */
  readonly expires: string;
  /** Policy entries only: the package the rule fired on (`name` or `name@version`). */
  readonly package?: PathStep;
  /** The paths it covers as written (`app > express > qs`), and parsed. */
  readonly paths?: readonly string[];
  readonly pathPatterns?: readonly (readonly PathStep[])[];
  /** Where it was written, for messages: `.rampart-deps.json ignore[2]`. */
  readonly where: string;
}

/** `name`, `name@1.2.3`, `@scope/name`, `@scope/name@1.2.3`. */
export function parseStep(text: string): PathStep | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const at = trimmed.lastIndexOf('@');
  if (at <= 0) return /\s/.test(trimmed) ? undefined : { name: trimmed };
  const name = trimmed.slice(0, at);
  const version = trimmed.slice(at + 1);
  if (name === '' || version === '' || /\s/.test(name) || /\s/.test(version)) return undefined;
  return { name, version };
}

/** `app > express@4.16.0 > qs`: undefined when a step is empty or malformed. */
export function parsePathPattern(text: string): PathStep[] | undefined {
  const steps = text.split('>').map(parseStep);
  return steps.every((step): step is PathStep => step !== undefined) ? steps : undefined;
}

export function formatStep(step: PathStep): string {
  return step.version === undefined ? step.name : `${step.name}@${step.version}`;
}

/** Does the pattern step cover an actual path step (`name@version` as the graph writes it)? */
export function stepMatches(pattern: PathStep, actual: string): boolean {
  const step = parseStep(actual);
  if (step === undefined || step.name !== pattern.name) return false;
  return pattern.version === undefined || pattern.version === step.version;
}

/** Prefix match: every step of the pattern matches the path's step at the same place. */
export function pathMatches(pattern: readonly PathStep[], path: readonly string[]): boolean {
  if (pattern.length > path.length) return false;
  return pattern.every((step, index) => stepMatches(step, path[index] ?? ''));
}
