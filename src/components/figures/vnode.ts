/**
 * A tiny element tree shared by the views: the same tree becomes an HTML/SVG string at build time (Astro
 * `set:html`) and real DOM nodes in the browser, so a trace table or a topology picture is built by one function
 * in both places. Text and attribute values are always escaped (toHtml) or set as text (toDom): names that come
 * from a learner's cluster never become markup.
 *
 * Not modelled: event handlers (behaviour lives in the custom elements), raw HTML children.
 */

export type Attr = string | number | boolean | null | undefined;

export interface VNode {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, Attr>>;
  readonly children: readonly Child[];
}

export type Child = VNode | string;

/** Children may be nested arrays, and false/null/undefined for "nothing here". */
export type ChildInput = Child | number | false | null | undefined | readonly ChildInput[];

export function h(tag: string, attrs: Record<string, Attr> = {}, ...children: ChildInput[]): VNode {
  const out: Child[] = [];
  const add = (c: ChildInput): void => {
    if (c === false || c === null || c === undefined) return;
    if (Array.isArray(c)) for (const x of c as readonly ChildInput[]) add(x);
    else if (typeof c === 'number') out.push(String(c));
    else out.push(c as Child);
  };
  for (const c of children) add(c);
  return { tag, attrs, children: out };
}

const VOID = new Set(['input', 'br', 'hr', 'img', 'meta', 'link', 'col', 'wbr']);
const SVG_TAGS = new Set([
  'svg', 'g', 'rect', 'line', 'polyline', 'polygon', 'path', 'circle', 'text', 'tspan', 'title', 'desc', 'defs', 'marker',
]);

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

function attrString(attrs: Readonly<Record<string, Attr>>): string {
  let s = '';
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (!/^[A-Za-z_:][\w:.-]*$/.test(k)) throw new Error(`vnode: bad attribute name "${k}"`);
    s += v === true ? ` ${k}` : ` ${k}="${escapeAttr(String(v))}"`;
  }
  return s;
}

/** The tree as markup. SVG elements without children self-close; HTML void elements have no end tag. */
export function toHtml(n: Child): string {
  if (typeof n === 'string') return escapeText(n);
  if (!/^[a-z][a-z0-9-]*$/i.test(n.tag)) throw new Error(`vnode: bad tag "${n.tag}"`);
  const open = `<${n.tag}${attrString(n.attrs)}`;
  if (VOID.has(n.tag)) return `${open}>`;
  if (n.children.length === 0 && SVG_TAGS.has(n.tag) && n.tag !== 'svg') return `${open}/>`;
  return `${open}>${n.children.map(toHtml).join('')}</${n.tag}>`;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The tree as DOM nodes. Elements inside an <svg> are created in the SVG namespace. */
export function toDom(n: Child, doc: Document = document, inSvg = false): Node {
  if (typeof n === 'string') return doc.createTextNode(n);
  const svg = inSvg || n.tag === 'svg';
  const el = svg ? doc.createElementNS(SVG_NS, n.tag) : doc.createElement(n.tag);
  for (const [k, v] of Object.entries(n.attrs)) {
    if (v === false || v === null || v === undefined) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of n.children) el.appendChild(toDom(c, doc, svg));
  return el;
}

/** All text of a tree, in order (for tests and text alternatives). */
export function textOf(n: Child): string {
  return typeof n === 'string' ? n : n.children.map(textOf).join('');
}

/** Depth-first search for nodes that satisfy `pred`. */
export function findAll(n: Child, pred: (v: VNode) => boolean): VNode[] {
  if (typeof n === 'string') return [];
  const out = pred(n) ? [n] : [];
  for (const c of n.children) out.push(...findAll(c, pred));
  return out;
}

/** Class list helper: joins the truthy names. */
export function cls(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}
