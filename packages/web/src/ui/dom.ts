// The only way the app builds DOM: createElement, setAttribute and text nodes. No HTML string
// ever reaches a parser, so text from the API cannot become markup (no-html-sinks.test.ts).

export type Child = Node | string | number | null | undefined | false;
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** An element with attributes (`false`/`undefined` leave one out) and children; strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element (createElementNS), for the QR code. */
export function svg(tag: string, attributes: Attributes = {}): SVGElement {
  const element = document.createElementNS(SVG_NS, tag);
  setAttributes(element, attributes);
  return element;
}

function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    // Event handler attributes would be script, and `style` is blocked by the CSP anyway.
    if (/^on/i.test(name) || name === 'style') throw new TypeError(`attribute ${name} is not allowed`);
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces every child of `parent` (text stays text). */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A labelled input: `<label for=id>` + `<input id=id>`, so tests and screen readers find it by label. */
export function field(id: string, label: string, attributes: Attributes = {}): HTMLElement {
  return el('p', { class: 'field' }, el('label', { for: id }, label), el('input', { id, name: id, ...attributes }));
}

/** The string value of a form control by id. */
export function valueOf(form: HTMLFormElement, id: string): string {
  const control = form.elements.namedItem(id);
  return control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement ? control.value : '';
}
