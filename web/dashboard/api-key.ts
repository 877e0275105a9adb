/**
 * The optional API key: kept in localStorage so it survives a reload, sent as
 * `Authorization: Bearer …`. Without one, aggregates leave out groups of fewer than 3 rows.
 */
import { el } from './dom';

const STORAGE_KEY = 'rule-of-law-dashboard.api-key';

export function apiKey(): string | null {
  return localStorage.getItem(STORAGE_KEY) || null;
}

/** The key field of the header; `onChange` reloads the view with the new key. */
export function apiKeyField(onChange: () => void): HTMLElement {
  const input = el('input', { type: 'password', id: 'api-key', placeholder: 'Bearer key (optional)', autocomplete: 'off', value: apiKey() ?? '' });
  const save = () => {
    const value = input.value.trim();
    if (value === (apiKey() ?? '')) return;
    if (value) localStorage.setItem(STORAGE_KEY, value);
    else localStorage.removeItem(STORAGE_KEY);
    onChange();
  };
  input.addEventListener('change', save);
  return el('label', { class: 'api-key' }, 'API 密钥 API key ', input);
}
