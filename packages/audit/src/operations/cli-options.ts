// The command line's spec-driven options -> the runner's ApiOptions: reads the document or the
// paths file, and builds (and tries once, so a broken token command is a usage error up front)
// every identity.
import type { AuditCliOptions } from '../args/options.js';
import { commandIdentity, IdentityError, parseHeaderLine, staticIdentity } from './identities.js';
import { parsePathEntry, PathListError, readPathsFile } from './paths-list.js';
import { readSpecFile, readSpecUrl } from './spec-load.js';
import type { ApiOptions } from './surface.js';
import type { Identity, Operation } from './types.js';

export function isSpecDriven(options: AuditCliOptions): boolean {
  return (
    options.openapi !== undefined ||
    options.paths.length > 0 ||
    options.pathsFile !== undefined ||
    Object.keys(options.auth).length > 0 ||
    Object.keys(options.authCmd).length > 0 ||
    options.active
  );
}

export async function apiOptionsFrom(options: AuditCliOptions, settings: { timeoutMs: number; ca?: string }): Promise<ApiOptions | undefined> {
  if (!isSpecDriven(options)) return undefined;
  const spec =
    options.openapi === undefined
      ? undefined
      : /^https?:\/\//i.test(options.openapi)
        ? await readSpecUrl(new URL(options.openapi), settings)
        : await readSpecFile(options.openapi);
  const paths: Operation[] = [];
  for (const entry of options.paths) {
    const parsed = parsePathEntry(entry);
    if (typeof parsed === 'string') throw new PathListError(`--path: ${parsed}`);
    paths.push(parsed);
  }
  if (options.pathsFile !== undefined) paths.push(...(await readPathsFile(options.pathsFile)));
  const identities: Identity[] = [];
  for (const [name, line] of Object.entries(options.auth)) {
    const header = parseHeaderLine(line);
    if (typeof header === 'string') throw new IdentityError(`--auth ${name}: ${header}`);
    identities.push(staticIdentity(name, header));
  }
  for (const [name, command] of Object.entries(options.authCmd)) {
    const identity = commandIdentity(name, command);
    await identity.headers();
    identities.push(identity);
  }
  return {
    ...(spec === undefined ? {} : { spec }),
    paths,
    identities,
    active: options.active,
    allowDestructive: options.allowDestructive,
    ...(options.maxRequestsPerOperation === undefined ? {} : { maxRequestsPerOperation: options.maxRequestsPerOperation }),
    idHints: options.ids,
  };
}
