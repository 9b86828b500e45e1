// A form whose submit runs an async action: the default navigation is cancelled, the button is
// disabled while the call runs, and a failure is shown in the error element.
import { el, type Child } from './dom.js';
import type { PageContext } from './page-context.js';

export function form(context: PageContext, id: string, button: string, children: Child[], action: (form: HTMLFormElement) => Promise<void>): HTMLFormElement {
  const submit = el('button', { type: 'submit' }, button);
  const element = el('form', { id, novalidate: true }, ...children, el('p', {}, submit));
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    action(element)
      .catch((error: unknown) => context.showError(error))
      .finally(() => {
        submit.disabled = false;
      });
  });
  return element;
}
