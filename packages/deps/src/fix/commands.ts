// The package manager's own words for each kind of move, by lockfile format.
import type { Importer, LockfileFormat } from '../model.js';

/**
 * Update within the declared ranges (the lockfile moves, package.json does not). pnpm updates
 * only the current project unless told -r; npm and yarn berry update the whole workspace tree.
 */
export function updateCommand(format: LockfileFormat, name: string, workspaces = false): string {
  switch (format) {
    case 'npm':
      return `npm update ${name}`;
    case 'pnpm':
      return `pnpm update ${workspaces ? '-r ' : ''}${name}`;
    case 'yarn-classic':
      return `yarn upgrade ${name}`;
    case 'yarn-berry':
      return `yarn up -R ${name}`;
  }
}

/**
 * Move a direct dependency of one importer (the root or a workspace) to a version. An alias
 * (`"x": "npm:lodash@..."`) keeps its alias: `x@npm:lodash@4.17.21`, never `x@4.17.21`, which
 * would install whatever package is called `x`.
 */
export function installCommand(format: LockfileFormat, importer: Importer | undefined, name: string, version: string, alias?: string): string {
  const spec = alias === undefined || alias === name ? `${name}@${version}` : `${alias}@npm:${name}@${version}`;
  const declared = alias ?? name;
  const workspace = importer !== undefined && importer.path !== '' ? importer : undefined;
  const dev = importer !== undefined && declared in importer.devDependencies && !(declared in importer.dependencies);
  switch (format) {
    case 'npm':
      return `npm install ${spec}${dev ? ' --save-dev' : ''}${workspace === undefined ? '' : ` -w ${workspace.path}`}`;
    case 'pnpm':
      return `pnpm add ${spec}${dev ? ' --save-dev' : ''}${workspace === undefined ? '' : ` --filter ${workspace.name}`}`;
    case 'yarn-classic':
      return `${workspace === undefined ? 'yarn' : `yarn workspace ${workspace.name}`} add ${spec}${dev ? ' --dev' : ''}`;
    case 'yarn-berry':
      return `${workspace === undefined ? 'yarn' : `yarn workspace ${workspace.name}`} up ${spec}`;
  }
}

/** Force one version everywhere when no parent version accepts a fixed one (last resort). */
export function overrideHint(format: LockfileFormat, name: string, version: string): string {
  const pair = `${JSON.stringify(name)}: ${JSON.stringify(version)}`;
  switch (format) {
    case 'npm':
      return `add "overrides": { ${pair} } to the root package.json, run npm install, and test`;
    case 'pnpm':
      return `add "pnpm": { "overrides": { ${pair} } } to the root package.json, run pnpm install, and test`;
    case 'yarn-classic':
    case 'yarn-berry':
      return `add "resolutions": { ${pair} } to the root package.json, run yarn install, and test`;
  }
}
