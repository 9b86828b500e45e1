// The QR code element: an <svg> built with createElementNS; colours come from app.css classes
// (the CSP's style-src 'self' blocks style attributes).
import { svg } from './dom.js';
import { qrPath } from '../qr-path.js';

export function qrCode(id: string, text: string): SVGElement {
  const { size, d } = qrPath(text);
  const image = svg('svg', { id, class: 'qr', viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': 'QR code for your authenticator app', 'shape-rendering': 'crispEdges' });
  image.appendChild(svg('rect', { class: 'qr-light', width: size, height: size }));
  image.appendChild(svg('path', { class: 'qr-dark', d }));
  return image;
}
