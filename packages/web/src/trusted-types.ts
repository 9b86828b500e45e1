// Trusted Types: the page's CSP says `require-trusted-types-for 'script'`, so a string given to
// an HTML or script sink (innerHTML, script.src, eval...) goes through the `default` policy.
// Ours refuses everything: the app never needs a sink, so any accidental use throws at once
// instead of rendering markup. The CSP's `trusted-types default` allows no other policy.

interface TrustedTypePolicyFactoryLike {
  createPolicy(name: string, rules: Record<string, (input: string) => string>): unknown;
}

function refuse(sink: string): (input: string) => string {
  return () => {
    throw new TypeError(`Trusted Types: the app never assigns ${sink} strings`);
  };
}

export function installRefusingDefaultPolicy(scope: { trustedTypes?: TrustedTypePolicyFactoryLike } = globalThis as never): boolean {
  const factory = scope.trustedTypes;
  if (!factory) return false;
  factory.createPolicy('default', { createHTML: refuse('HTML'), createScript: refuse('script'), createScriptURL: refuse('script URL') });
  return true;
}
