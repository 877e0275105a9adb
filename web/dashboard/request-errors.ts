/**
 * An API refusal drawn for the reader: each error's code and message, the problems a report file
 * was refused for (extensions.issues, each with its position such as figures[3]), and what to do
 * about a missing or insufficient key.
 */
import { GraphQLRequestError } from '../../clients/typescript/client';
import { el } from './dom';

interface Issue { position: string; field: string; message: string }

const HINTS: Record<string, string> = {
  FORBIDDEN: '需要该县的编辑（EDITOR）密钥或管理员（ADMIN）密钥：请在页首填写。 An EDITOR key of the county (or an ADMIN key) is needed: enter it in the API key field above.',
  UNAUTHENTICATED: 'API 密钥无效或已撤销。 The API key is unknown or revoked: check the key above.',
  BAD_USER_INPUT: '未写入任何数据：请按下列问题修改后重试。 Nothing was written: correct what is listed and try again.',
};

/** `describePosition` may name the table row behind a position such as figures[3]. */
export function requestErrorView(err: unknown, describePosition: (position: string) => string = (p) => p): HTMLElement {
  const errors = err instanceof GraphQLRequestError ? err.errors : [{ message: (err as Error).message, extensions: {} }];
  return el('div', { class: 'error', role: 'alert' }, errors.map((e) => {
    const code = e.extensions?.code ?? 'ERROR';
    const issues = ((e.extensions as { issues?: Issue[] } | undefined)?.issues ?? []);
    return el('div', { class: 'request-error', 'data-code': code },
      el('p', {}, `出错了 Refused: ${code}: ${e.message}`),
      HINTS[code] ? el('p', { class: 'hint' }, HINTS[code]) : null,
      issues.length ? el('ul', { class: 'issues' }, issues.map((i) => el('li', {}, `${describePosition(i.position)} ${i.field}: ${i.message}`))) : null);
  }));
}
