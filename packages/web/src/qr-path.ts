// The otpauth QR code as one SVG path: the modules come from uqr (a maintained QR encoder);
// the path data is an attribute value set with setAttribute, so no markup string is ever built.
import { encode } from 'uqr';

export interface QrPath {
  /** Modules per side, the quiet zone included (the SVG viewBox). */
  readonly size: number;
  /** `M x y h1 v1 h-1 z` for every dark module. */
  readonly d: string;
}

export function qrPath(text: string): QrPath {
  const { size, data } = encode(text, { ecc: 'M', border: 2 });
  const parts: string[] = [];
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x} ${y}h1v1h-1z`);
    }),
  );
  return { size, d: parts.join('') };
}
