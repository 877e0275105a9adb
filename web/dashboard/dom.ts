/** A small element builder: the dashboard is plain DOM, no framework, to keep its bundle small. */
type Child = Node | string | number | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'number' ? String(child) : child);
  }
  return node;
}

/** Chinese first, English beside it, as every label of the dashboard is shown. */
export function bilingual(zh: string, en: string | null | undefined): HTMLSpanElement {
  return el('span', { class: 'bilingual' }, zh, en ? el('span', { class: 'en' }, en) : null);
}
