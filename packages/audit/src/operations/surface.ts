// From what the command line gave (a document, a list of paths, identities, switches) to the
// ApiSurface the checks probe. With neither a document nor paths, the target is asked for the
// document it exposes at the well-known paths the debug-exposure check knows.
import { exposures } from '../checks/debug-exposure.js';
import type { AuditContext } from '../checks/types.js';
import { parseSpec, SpecError, type LoadedSpec } from './spec-load.js';
import { operationsOf } from './spec-operations.js';
import { refusalFor } from './safety.js';
import type { ApiSurface, Identity, Operation } from './types.js';

export const DEFAULT_MAX_REQUESTS_PER_OPERATION = 30;

export interface ApiOptions {
  /** --openapi FILE|URL, already read. */
  readonly spec?: LoadedSpec;
  /** --path and --paths-file entries. */
  readonly paths?: readonly Operation[];
  readonly identities: readonly Identity[];
  readonly active: boolean;
  readonly allowDestructive: boolean;
  readonly maxRequestsPerOperation?: number;
  readonly idHints?: Readonly<Record<string, readonly string[]>>;
}

/** The well-known paths of an OpenAPI document, JSON first. */
export const DOCUMENT_PATHS: readonly string[] = exposures.filter((e) => e.what === 'OpenAPI document').map((e) => e.path);

/** GETs the well-known paths one by one and returns the first OpenAPI document found. */
export async function discoverSpec(context: AuditContext): Promise<LoadedSpec | undefined> {
  for (const path of DOCUMENT_PATHS) {
    const response = await context.probe({ path, headers: { accept: 'application/json, application/yaml;q=0.9' } });
    if (response.status !== 200 || !/json|yaml|text\/plain/i.test(response.contentType)) continue;
    try {
      return await parseSpec(response.body, response.url);
    } catch (error) {
      if (error instanceof SpecError) continue;
      throw error;
    }
  }
  return undefined;
}

export function buildSurface(options: ApiOptions, spec: LoadedSpec | undefined): ApiSurface {
  const operations = [...(spec === undefined ? [] : operationsOf(spec)), ...(options.paths ?? [])];
  const origin = spec !== undefined ? `OpenAPI ${spec.version} document ${spec.source}` : `${options.paths?.length ?? 0} listed path(s)`;
  return {
    operations,
    identities: options.identities,
    active: options.active,
    allowDestructive: options.allowDestructive,
    maxRequestsPerOperation: options.maxRequestsPerOperation ?? DEFAULT_MAX_REQUESTS_PER_OPERATION,
    idHints: options.idHints ?? {},
    origin,
  };
}

/** The report note that says what the per-operation checks covered. */
export function surfaceNote(surface: ApiSurface): string {
  const skipped = new Map<string, number>();
  for (const operation of surface.operations) {
    const refusal = refusalFor(operation, surface);
    if (refusal !== undefined) skipped.set(refusal, (skipped.get(refusal) ?? 0) + 1);
  }
  const names = surface.identities.map((i) => i.name).join(', ');
  const skips = [...skipped].map(([why, count]) => `${count} skipped (${why})`).join(', ');
  return `Spec-driven: ${surface.operations.length} operation(s) from ${surface.origin}; ${surface.identities.length} identit${surface.identities.length === 1 ? 'y' : 'ies'}${names === '' ? '' : ` (${names})`}; ${surface.active ? 'active (writes sent)' : 'read-only (GET, HEAD, OPTIONS)'}${skips === '' ? '' : `; ${skips}`}.`;
}
