// Small DOM helpers shared by every view of the dashboard.
export const $ = (sel, root = document) => root.querySelector(sel);
export const tid = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'testid') node.dataset.testid = v;
    else if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(c);
  return node;
}

// Lists are re-drawn from the hub's answer; what somebody typed into a row and has not sent yet is kept
// in `drafts` under `key` and put back into the new row's input.
export function keepDraft(drafts, key, input) {
  if (drafts.has(key)) input.value = drafts.get(key);
  input.addEventListener('input', () => drafts.set(key, input.value));
  return input;
}
