// Yarn's descriptors (`name@range`, `@scope/name@npm:^1.0.0`), shared by the classic and berry readers.

export function splitDescriptor(descriptor: string): { name: string; range: string } | undefined {
  const at = descriptor.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: descriptor.slice(0, at), range: descriptor.slice(at + 1) };
}

/** A SHA-1 hex digest (yarn classic's `#fragment` of a resolved URL) as a Subresource Integrity string. */
export function hexToSri(algorithm: 'sha1' | 'sha512', hex: string): string | undefined {
  const length = algorithm === 'sha1' ? 40 : 128;
  if (hex.length !== length || !/^[0-9a-f]+$/i.test(hex)) return undefined;
  return `${algorithm}-${Buffer.from(hex, 'hex').toString('base64')}`;
}
