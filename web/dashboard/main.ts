/**
 * The comparison dashboard at /dashboard, built only on the public GraphQL API (/graphql of this
 * server), as a frontend team would: typed operations (operations.ts), ECharts, CSV downloads.
 * Pages by the URL's hash: #/ the comparison, #/county/<code> a county, #/review review a report's proposed figures.
 */
import './dashboard.css';
import { apiKeyField } from './api-key';
import { renderComparison } from './comparison-page';
import { renderCounty } from './county-page';
import { renderReview } from './review-page';
import { disposeCharts } from './charts';
import { el } from './dom';

const root = document.getElementById('dashboard')!;
let page = el('main', { id: 'page' });
root.replaceChildren(
  el('header', {},
    el('h1', {}, el('a', { href: '#/' }, '法治政府建设 · 对比看板'), el('span', { class: 'en' }, 'Rule-of-law government reports · comparison dashboard')),
    el('nav', {}, el('a', { href: '#/review' }, '审核报告 Review a report'), el('a', { href: './' }, 'GraphQL 查询器 explorer'), apiKeyField(() => void route()))),
  page);

let current = 0;

async function route(): Promise<void> {
  const ticket = ++current;
  const [path, search = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search);
  const county = /^\/county\/(\d{6})$/.exec(path);
  document.body.dataset.state = 'loading';
  // A fresh container per visit: a slower earlier visit still finishing writes into its own, detached one.
  disposeCharts();
  const fresh = el('main', { id: 'page' });
  page.replaceWith(fresh);
  page = fresh;
  try {
    if (county) await renderCounty(fresh, county[1], params);
    else if (path === '/review') await renderReview(fresh);
    else await renderComparison(fresh, params);
  } catch (err) {
    fresh.replaceChildren(el('p', { class: 'error', role: 'alert' }, `出错了 Something went wrong: ${(err as Error).message}`));
  }
  // The browser test waits for this: the page drawn, and for which address.
  if (ticket === current) Object.assign(document.body.dataset, { state: 'ready', route: location.hash });
}

addEventListener('hashchange', () => void route());
void route();
