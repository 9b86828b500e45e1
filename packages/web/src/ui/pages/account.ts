// Profile (display name), password change and MFA enrolment.
import { el, field, valueOf } from '../dom.js';
import { form } from '../forms.js';
import type { PageContext } from '../page-context.js';
import { qrCode } from '../qr.js';
import type { Profile } from '../../types.js';

export async function profilePage(context: PageContext): Promise<Node> {
  const profile = await context.api.request<Profile>('GET', '/api/me');
  return el(
    'section',
    {},
    el('h2', {}, 'Profile'),
    el('p', {}, 'Email: ', el('span', { id: 'profile-email' }, profile.email)),
    el('p', {}, 'Role: ', el('span', { id: 'profile-role' }, profile.role)),
    form(context, 'profile-form', 'Save', [field('profile-display-name', 'Display name', { type: 'text', value: profile.displayName, required: true })], async (element) => {
      await context.api.request('PATCH', '/api/me', { displayName: valueOf(element, 'profile-display-name') });
      await context.reloadMe();
      context.notice('Profile saved.');
    }),
  );
}

export function passwordPage(context: PageContext): Node {
  return el(
    'section',
    {},
    el('h2', {}, 'Change password'),
    form(
      context,
      'password-form',
      'Change password',
      [
        field('password-current', 'Current password', { type: 'password', autocomplete: 'current-password', required: true }),
        field('password-new', 'New password', { type: 'password', autocomplete: 'new-password', required: true, minlength: 15 }),
      ],
      async (element) => {
        await context.api.request('POST', '/auth/password/change', { currentPassword: valueOf(element, 'password-current'), newPassword: valueOf(element, 'password-new') });
        // The platform ended every session, this one included.
        context.api.forget();
        context.signedOut('Password changed. Log in again.');
      },
    ),
  );
}

export function mfaPage(context: PageContext): Node {
  const section = el('section', {}, el('h2', {}, 'Two-factor authentication'), el('p', {}, 'Confirm your password to get a QR code for your authenticator app.'));
  const enrol = form(context, 'mfa-enroll-form', 'Start enrolment', [field('mfa-enroll-password', 'Current password', { type: 'password', autocomplete: 'current-password', required: true })], async (element) => {
    // Kept in this closure only for the activation call that follows, then dropped with the page.
    const password = valueOf(element, 'mfa-enroll-password');
    const { secret, otpauthUrl } = await context.api.request<{ secret: string; otpauthUrl: string }>('POST', '/auth/mfa/enroll', { password });
    const activate = form(context, 'mfa-activate-form', 'Activate', [field('mfa-activate-totp', 'Code from your authenticator', { type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric', required: true })], async (activateForm) => {
      const { recoveryCodes } = await context.api.request<{ recoveryCodes: string[] }>('POST', '/auth/mfa/activate', { password, totp: valueOf(activateForm, 'mfa-activate-totp').trim() });
      section.replaceChildren(
        el('h2', {}, 'Two-factor authentication'),
        el('p', {}, 'Keep these recovery codes somewhere safe; each works once.'),
        el('ul', { id: 'mfa-recovery-codes' }, ...recoveryCodes.map((code) => el('li', {}, code))),
      );
      context.notice('MFA is on.');
    });
    element.replaceWith(el('div', { class: 'mfa-step' }, qrCode('mfa-qr', otpauthUrl), el('p', {}, 'Or type this secret: ', el('code', { id: 'mfa-secret' }, secret)), activate));
  });
  section.appendChild(enrol);
  return section;
}
