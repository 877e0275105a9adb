/**
 * Issue 17.2: the explorer at / in a real headless Chromium against the real server. It loads
 * offline (every request stays on the server's origin), without console errors; it autocompletes
 * schema fields; an example that needs a key runs with the key typed into the headers editor and
 * shows what the API answers over plain HTTP; the key survives a reload; a network failure is
 * shown, not waited on forever. Screenshots go to test-output/screenshots/ (git-ignored).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Db } from '../src/db/db';
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { launchChromium, screenshotPath, watchedPage } from './helpers/browser';
import { postGraphql, startTestApp, type TestApp } from './helpers/harness';

jest.setTimeout(180_000);

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let origin: string;
let key: string;
const requested: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ http: true });
  origin = new URL(app.http!.url.replace('localhost', '127.0.0.1')).origin;
  key = (await createKey(new Db(app.orm), Role.ANALYST, null, 'explorer browser test')).secret;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  page = await watchedPage(context, requested, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Replaces an editor's whole text by typing, as a person would. */
async function typeInto(editor: string, text: string): Promise<void> {
  await page.locator(`${editor} .monaco-editor`).first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** The response pane's whole text (Monaco renders only the visible lines), through the clipboard. */
async function responseText(): Promise<string> {
  await page.locator('.graphiql-response .monaco-editor').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+C');
  // A string, as the browser's own code: the tests' TypeScript has no DOM types.
  return page.evaluate<string>('navigator.clipboard.readText()');
}

it('loads from the server alone, shows the examples with the role each needs, and logs no errors', async () => {
  await page.goto(`${origin}/`);
  await page.locator('.graphiql-container').waitFor();
  const examples = page.locator('button.example');
  await examples.first().waitFor();
  // Schema loaded (by introspection): the docs pane lists the root type.
  await page.getByRole('button', { name: /Show Documentation Explorer/i }).click();
  await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor();
  await page.getByRole('button', { name: /Show Examples/i }).click();
  await page.screenshot({ path: screenshotPath('explorer') });

  const labels = await examples.allInnerTexts();
  const served = (await (await fetch(`${origin}/examples.json`)).json()) as { role: string }[];
  expect(labels).toHaveLength(served.length);
  served.forEach((example, i) => expect(labels[i]).toContain(example.role === 'anonymous' ? 'no key' : `${example.role} key`));

  // The page, its script and stylesheet, Monaco's workers, examples.json and the introspection query.
  expect(requested.some((url) => /\/explorer\/graphql\.worker-\w+\.js$/.test(url))).toBe(true);
  expect(requested.some((url) => url === `${origin}/graphql`)).toBe(true);
  expect(requested.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

it('autocompletes schema fields as you type', async () => {
  await typeInto('.graphiql-query-editor', '{ coun');
  const suggestions = page.locator('.suggest-widget .monaco-list-row');
  await suggestions.first().waitFor();
  const offered = await suggestions.allInnerTexts();
  expect(offered.join('\n')).toMatch(/\bcounty\b/);
  expect(offered.join('\n')).toMatch(/\bcounties\b/);
  await page.screenshot({ path: screenshotPath('explorer-autocomplete') });
  await page.keyboard.press('Escape');
});

it('runs an example that needs a key, with the key in the headers editor, and shows what the API answers', async () => {
  const example = page.locator('button.example', { hasText: 'analyst key' }).first();
  const file = (await example.getAttribute('data-file'))!;
  await example.click();
  await page.getByRole('button', { name: /headers/i }).first().click();
  await typeInto('.graphiql-editor-tool .graphiql-editor:not(.hidden)', `{"Authorization": "Bearer ${key}"`);
  await page.locator('.graphiql-execute-button').click();
  await page.locator('.graphiql-response .monaco-editor').getByText('"data"').first().waitFor();
  await page.screenshot({ path: screenshotPath('explorer-example-with-key') });

  const { query, variables } = ((await (await fetch(`${origin}/examples.json`)).json()) as { file: string; query: string; variables: object }[])
    .find((e) => e.file === file)!;
  const direct = await postGraphql(app, { query, variables }, { authorization: `Bearer ${key}` });
  expect(direct.json.errors).toBeUndefined();
  expect(JSON.parse(await responseText())).toEqual(direct.json);
  // The run is in the history.
  await page.getByRole('button', { name: /Show History/i }).click();
  const operationName = /^query\s+(\w+)/m.exec(query)![1];
  await page.locator('.graphiql-history').getByText(operationName).first().waitFor();
  await page.getByRole('button', { name: /Show Examples/i }).click();
  expect(consoleErrors).toEqual([]);
});

it('keeps the key across a reload (GraphiQL stores the headers)', async () => {
  await page.reload();
  await page.locator('.graphiql-container').waitFor();
  await page.getByRole('button', { name: /headers/i }).first().click();
  await page.locator('.graphiql-editor-tool').getByText(new RegExp(`Bearer\\s+${key.replace(/[^\w]/g, '\\$&')}`)).first().waitFor();
});

it('shows a network failure in the response pane', async () => {
  await page.route('**/graphql', (route) => route.abort('connectionrefused'));
  await page.locator('.graphiql-execute-button').click();
  // Monaco draws spaces as no-break spaces, which \s matches.
  await page.locator('.graphiql-response').getByText(/Failed\s+to\s+fetch/).first().waitFor();
  expect(JSON.parse(await responseText()).errors[0].message).toBe('Failed to fetch');
  await page.unroute('**/graphql');
});
