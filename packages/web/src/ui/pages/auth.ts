// Register and log in (the TOTP field is optional: needed only once MFA is on).
import { el, field, valueOf } from '../dom.js';
import { form } from '../forms.js';
import type { PageContext } from '../page-context.js';

export function registerPage(context: PageContext): Node {
  return el(
    'section',
    {},
    el('h2', {}, 'Register'),
    form(
      context,
      'register-form',
      'Create account',
      [
        field('register-email', 'Email', { type: 'email', autocomplete: 'username', required: true }),
        field('register-display-name', 'Display name', { type: 'text', autocomplete: 'nickname', required: true }),
        field('register-password', 'Password', { type: 'password', autocomplete: 'new-password', required: true, minlength: 15 }),
        el('p', { class: 'hint' }, 'At least 15 characters; a passphrase works well.'),
      ],
      async (element) => {
        await context.api.publicRequest('POST', '/auth/register', {
          email: valueOf(element, 'register-email'),
          displayName: valueOf(element, 'register-display-name'),
          password: valueOf(element, 'register-password'),
        });
        context.go('#/login', 'Account created. Log in.');
      },
    ),
  );
}

export function loginPage(context: PageContext): Node {
  return el(
    'section',
    {},
    el('h2', {}, 'Log in'),
    form(
      context,
      'login-form',
      'Log in',
      [
        field('login-email', 'Email', { type: 'email', autocomplete: 'username', required: true }),
        field('login-password', 'Password', { type: 'password', autocomplete: 'current-password', required: true }),
        field('login-totp', 'One-time code (only with MFA)', { type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric' }),
      ],
      async (element) => {
        const totp = valueOf(element, 'login-totp').trim();
        await context.api.login(valueOf(element, 'login-email'), valueOf(element, 'login-password'), totp === '' ? undefined : totp);
        await context.reloadMe();
        context.go('#/courses');
      },
    ),
    el('p', {}, 'No account yet? ', el('a', { href: '#/register' }, 'Register')),
  );
}
