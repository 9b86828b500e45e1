// Fix advice for one advisory finding: the lowest fixed version and how to get it without breaking
// the install. In order: an update inside every parent's declared range (offline when the fixed
// version is known to satisfy them); else which dependency must move, to which version (needs the
// registry's metadata: the lowest newer version whose own range admits a fixed one); else an
// override as the last resort. Never a downgrade, never a version that is itself affected.
import semver from 'semver';
import type { DependencyGraph, LockfileFormat, PackageInstance } from '../model.js';
import { installCommand, overrideHint, updateCommand } from './commands.js';
import { admits, type Parent, type ParentIndex } from './parents.js';
import type { MetadataClient, Packument } from './registry.js';

export interface FixStep {
  readonly package: string;
  readonly from: string;
  readonly to: string;
  readonly command: string;
}

export type FixAdvice =
  | { readonly kind: 'update'; readonly fixedIn: string; readonly command: string; readonly text: string }
  | { readonly kind: 'upgrade'; readonly fixedIn: string; readonly steps: readonly FixStep[]; readonly text: string }
  | { readonly kind: 'override'; readonly fixedIn: string; readonly text: string }
  | { readonly kind: 'needs-metadata'; readonly fixedIn: string; readonly text: string }
  | { readonly kind: 'no-fix'; readonly text: string };

export interface AdviceContext {
  readonly graph: DependencyGraph;
  readonly parents: ParentIndex;
  readonly format: LockfileFormat;
  /** True when any known advisory affects name@version. */
  isAffected(name: string, version: string): boolean;
  /** Registry metadata; undefined offline. */
  readonly metadata?: MetadataClient;
}

/** How far up the tree to look for a parent that can move (app > a > b > c > vulnerable). */
const MAX_DEPTH = 4;

function describeParent(parent: Parent): string {
  if (parent.importer !== undefined) return parent.importer.path === '' ? `${parent.importer.name} (package.json)` : `${parent.importer.path}/package.json`;
  return parent.instance === undefined ? 'a parent' : `${parent.instance.name}@${parent.instance.version}`;
}

function wants(parent: Parent, name: string): string {
  return `${describeParent(parent)} wants ${name} ${parent.range ?? '(not a semver range)'}`;
}

/** Versions above `current`, not prereleases, not deprecated, not affected, lowest first. */
function safeVersions(packument: Packument, current: string, context: AdviceContext): string[] {
  return Object.values(packument.versions)
    .filter((entry) => semver.valid(entry.version) !== null && semver.prerelease(entry.version) === null && entry.deprecated === undefined)
    .map((entry) => entry.version)
    .filter((version) => semver.valid(current) === null || semver.gt(version, current))
    .filter((version) => !context.isAffected(packument.name, version))
    .sort(semver.compare);
}

export async function adviseFix(instance: PackageInstance, fixedIn: string | undefined, context: AdviceContext): Promise<FixAdvice> {
  const { name } = instance;
  if (fixedIn === undefined) {
    return { kind: 'no-fix', text: `no fixed version of ${name} is known: remove or replace it, or ignore the advisory with a reason and an expiry` };
  }
  const parents = context.parents.get(instance.key) ?? [];
  const fixedIsClean = !context.isAffected(name, fixedIn);
  if (parents.length > 0 && fixedIsClean && parents.every((parent) => admits(parent.range, fixedIn))) {
    const command = updateCommand(context.format, instance.alias ?? name, context.graph.importers.length > 1);
    return { kind: 'update', fixedIn, command, text: `${command} (every declared range already allows ${name} ${fixedIn})` };
  }
  if (parents.length === 0 && fixedIsClean) {
    // Nothing in the graph depends on this copy (an extraneous entry): no range holds it back.
    const command = updateCommand(context.format, instance.alias ?? name, context.graph.importers.length > 1);
    return { kind: 'update', fixedIn, command, text: `${command} (no declared range in the lockfile holds ${name} back; fixed in ${fixedIn})` };
  }
  const blocking = parents.filter((parent) => !admits(parent.range, fixedIn));
  const why = blocking.length > 0 ? `${blocking.map((parent) => wants(parent, name)).join('; ')}` : `${name} ${fixedIn} is affected by another advisory`;
  // A direct dependency that blocks moves to the fixed version itself: no metadata needed.
  if (fixedIsClean && blocking.length > 0 && blocking.every((parent) => parent.importer !== undefined) && context.metadata === undefined) {
    const steps = blocking.map((parent) => ({ package: name, from: instance.version, to: fixedIn, command: installCommand(context.format, parent.importer, name, fixedIn, instance.alias) }));
    const unique = steps.filter((step, index) => steps.findIndex((other) => other.command === step.command) === index);
    return { kind: 'upgrade', fixedIn, steps: unique, text: `${unique.map((step) => step.command).join('; ')} (${why}; check its changelog if that is a new major)` };
  }
  if (context.metadata === undefined) {
    return { kind: 'needs-metadata', fixedIn, text: `fixed in ${name} ${fixedIn}, but ${why}; run with --fix-advice (or --online) to find which dependency must move, and to which version` };
  }
  const packument = await context.metadata.get(name);
  if (packument === undefined) {
    return { kind: 'needs-metadata', fixedIn, text: `fixed in ${name} ${fixedIn}, but ${why}; the registry's metadata for ${name} was not available` };
  }
  const candidates = safeVersions(packument, instance.version, context);
  if (candidates.length === 0) {
    return { kind: 'no-fix', text: `no published version of ${name} above ${instance.version} is free of known advisories: remove or replace it` };
  }
  const stillBlocking = parents.filter((parent) => !candidates.some((version) => admits(parent.range, version)));
  if (stillBlocking.length === 0) {
    const command = updateCommand(context.format, instance.alias ?? name, context.graph.importers.length > 1);
    return { kind: 'update', fixedIn, command, text: `${command} (the declared ranges allow ${name} ${candidates.find((v) => parents.every((p) => admits(p.range, v))) ?? candidates[0]}, which is not affected)` };
  }
  const steps: FixStep[] = [];
  for (const parent of stillBlocking) {
    const found = await moveParent(parent, instance, candidates, context, 1);
    if (found === undefined) {
      return { kind: 'override', fixedIn, text: `no release of ${describeParent(parent)} accepts a fixed ${name}: ${overrideHint(context.format, name, candidates[0] ?? fixedIn)}` };
    }
    for (const step of found) if (!steps.some((known) => known.package === step.package && known.to === step.to)) steps.push(step);
  }
  const text = steps.map((step) => `upgrade ${step.package} ${step.from} -> ${step.to}: ${step.command}`).join('; ');
  return { kind: 'upgrade', fixedIn, steps, text: `${text} (${why})` };
}

/** The steps that make `parent` accept one of `childVersions` of `child`, or undefined. */
async function moveParent(parent: Parent, child: PackageInstance, childVersions: readonly string[], context: AdviceContext, depth: number): Promise<FixStep[] | undefined> {
  const lowest = childVersions[0];
  if (lowest === undefined) return undefined;
  if (parent.importer !== undefined) {
    return [{ package: child.name, from: child.version, to: lowest, command: installCommand(context.format, parent.importer, child.name, lowest, child.alias) }];
  }
  const instance = parent.instance;
  if (instance === undefined || depth > MAX_DEPTH) return undefined;
  const packument = await context.metadata?.get(instance.name);
  if (packument === undefined) return undefined;
  const declared = child.alias ?? child.name;
  // A newer parent that no longer depends on the child fixes it too.
  const fixing = safeVersions(packument, instance.version, context).filter((version) => {
    const entry = packument.versions[version];
    const range = entry?.dependencies?.[declared] ?? entry?.optionalDependencies?.[declared];
    return range === undefined || childVersions.some((candidate) => admits(range, candidate));
  });
  const target = fixing[0];
  if (target === undefined) return undefined;
  const grandparents = context.parents.get(instance.key) ?? [];
  if (grandparents.length > 0 && grandparents.every((grandparent) => admits(grandparent.range, target))) {
    return [{ package: instance.name, from: instance.version, to: target, command: updateCommand(context.format, instance.alias ?? instance.name, context.graph.importers.length > 1) }];
  }
  const steps: FixStep[] = [];
  for (const grandparent of grandparents.filter((candidate) => !fixing.some((version) => admits(candidate.range, version)))) {
    const found = await moveParent(grandparent, instance, fixing, context, depth + 1);
    if (found === undefined) return undefined;
    steps.push(...found);
  }
  return steps.length > 0 ? steps : [{ package: instance.name, from: instance.version, to: target, command: updateCommand(context.format, instance.alias ?? instance.name, context.graph.importers.length > 1) }];
}
