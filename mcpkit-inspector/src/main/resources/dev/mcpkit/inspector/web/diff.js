// Diff view: the server's surface as a snapshot (the document `mcpkit snapshot` writes), and the diff of two of them
// or of a saved one against the server now, breaking changes first (mcpkit-inspector's SurfaceDiff).
import { post, el } from './api.js';

const snapshots = []; // {label, doc}, kept while the page is open

function options(select, withNow) {
  select.replaceChildren(...(withNow ? [el('option', { value: 'now' }, 'the server now')] : []),
    ...snapshots.map((s, i) => el('option', { value: String(i) }, s.label)));
}

export function showDiff(root) {
  const before = el('select', { id: 'diff-before' });
  const after = el('select', { id: 'diff-after' });
  const out = el('div', { id: 'diff-out' });
  const refresh = () => { options(before, false); options(after, true); };
  const take = el('button', { id: 'snapshot-take', type: 'button', onclick: async () => {
    const r = await post('snapshot', {});
    if (r.status !== 200) { out.replaceChildren(el('p', { class: 'error' }, r.body.error.message)); return; }
    snapshots.push({ label: 'snapshot ' + (snapshots.length + 1) + ' (' + new Date().toLocaleTimeString() + ')', doc: r.body });
    refresh();
    const url = URL.createObjectURL(new Blob([JSON.stringify(r.body, null, 2) + '\n'], { type: 'application/json' }));
    out.replaceChildren(el('p', {}, el('a', { id: 'snapshot-download', href: url, download: 'surface.json' }, 'Download it'),
      ' (the same document as mcpkit snapshot)'));
  } }, 'Take a snapshot now');
  const file = el('input', { id: 'snapshot-file', type: 'file', accept: '.json,application/json' });
  file.addEventListener('change', async () => {
    for (const f of file.files) {
      try {
        snapshots.push({ label: 'file ' + f.name, doc: JSON.parse(await f.text()) });
      } catch (e) {
        out.replaceChildren(el('p', { class: 'error' }, f.name + ' is not JSON: ' + e.message));
      }
    }
    refresh();
  });
  const run = el('button', { id: 'diff-run', type: 'button', onclick: async () => {
    const a = snapshots[Number(before.value)];
    if (!a) { out.replaceChildren(el('p', { class: 'error' }, 'Take or load a snapshot first.')); return; }
    const b = after.value === 'now' ? 'now' : snapshots[Number(after.value)].doc;
    const r = await post('diff', { before: a.doc, after: b });
    if (r.status !== 200) { out.replaceChildren(el('p', { id: 'diff-error', class: 'error' }, r.body.error.message)); return; }
    out.replaceChildren(el('p', { id: 'diff-summary', class: r.body.breaking > 0 ? 'error' : '' }, r.body.lines[r.body.lines.length - 1]),
      el('ul', { id: 'diff-changes', class: 'list' }, r.body.changes.map(c =>
        el('li', { class: 'diff-change ' + (c.breaking ? 'breaking' : 'ok'), 'data-breaking': String(c.breaking) },
          (c.breaking ? 'BREAKING ' : '') + c.kind + ' ' + c.subject + ': ' + c.detail))));
  } }, 'Compare');
  refresh();
  root.append(el('h2', {}, 'Snapshots and diff'), el('div', { class: 'row' }, take, el('label', {}, 'or load a saved snapshot ', file)),
    el('div', { class: 'row' }, el('label', {}, 'Before ', before), el('label', {}, 'After ', after), run), out);
}
