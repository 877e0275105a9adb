/**
 * Picks a county-level unit by code or name: what is typed (410726, 4107, 延津, yanjin) is looked
 * up in countyDivisions (all China, GB/T 2260) and the matches fill a select; its value is the code.
 */
import { query } from './api';
import { bilingual, el } from './dom';
import { CountySearch } from './operations';

export interface CountyPicker {
  element: HTMLElement;
  /** The chosen county's code, or '' while none is. */
  code: () => string;
}

export function countyPicker(initial: string, onPick: (code: string) => void): CountyPicker {
  const input = el('input', { id: 'review-county-search', placeholder: '410726 / 延津 / yanjin', autocomplete: 'off', value: initial });
  const choice = el('select', { id: 'review-county' }, el('option', { value: '' }, '— 输入代码或名称 type a code or name —'));
  const status = el('span', { class: 'county-search-status' });
  let ticket = 0;
  const search = async () => {
    const text = input.value.trim();
    const mine = ++ticket;
    if (!text) return;
    status.textContent = '查找中… Searching…';
    try {
      const filter = /^\d{1,6}$/.test(text) ? { code: { startsWith: text } } : { name: { contains: text } };
      const { countyDivisions } = await query(CountySearch, { filter });
      if (mine !== ticket) return; // a later search answered first
      choice.replaceChildren(...(countyDivisions.nodes.length ? [] : [el('option', { value: '' }, '无匹配 No match')]),
        ...countyDivisions.nodes.map((d) => el('option', { value: d.code }, `${d.name} ${d.nameEn} · ${d.cityName} · ${d.code}`)));
      status.textContent = `${countyDivisions.nodes.length} 个 found`;
      onPick(choice.value);
    } catch (err) {
      if (mine === ticket) status.textContent = `查找失败 Search failed: ${(err as Error).message}`;
    }
  };
  let typing: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => void search(), 300); });
  input.addEventListener('change', () => { clearTimeout(typing); void search(); });
  choice.addEventListener('change', () => onPick(choice.value));
  if (initial) void search();
  return {
    element: el('span', { class: 'county-picker' }, el('label', {}, bilingual('县', 'County'), ' ', input), ' ', choice, ' ', status),
    code: () => choice.value,
  };
}
