// The packages published from this repository (the platform is an application: private), by
// their folder under packages/.
export const PUBLIC_PACKAGES = ['cli-kit', 'guard', 'audit', 'scan', 'deps', 'eslint-plugin'] as const;
