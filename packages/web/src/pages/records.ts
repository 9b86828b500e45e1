// The caller's own enrollments, certificates and invoices (course titles from the course list).
import { el } from '../dom.js';
import { day, money } from '../format.js';
import type { PageContext } from '../page-context.js';
import type { Certificate, Course, Enrollment, Invoice } from '../types.js';

async function courseTitles(context: PageContext): Promise<Map<string, string>> {
  const { courses } = await context.api.request<{ courses: Course[] }>('GET', '/api/courses?limit=100');
  return new Map(courses.map((course) => [course.id, course.title]));
}

export async function enrollmentsPage(context: PageContext): Promise<Node> {
  const [{ enrollments }, titles] = await Promise.all([context.api.request<{ enrollments: Enrollment[] }>('GET', '/api/me/enrollments'), courseTitles(context)]);
  return el(
    'section',
    {},
    el('h2', {}, 'My enrollments'),
    enrollments.length === 0
      ? el('p', { id: 'enrollments-empty' }, 'No enrollments yet.')
      : el('ul', { id: 'enrollment-list' }, ...enrollments.map((item) => el('li', { class: 'enrollment' }, el('a', { href: `#/courses/${item.courseId}` }, titles.get(item.courseId) ?? item.courseId), ` since ${day(item.createdAt)}`))),
  );
}

export async function certificatesPage(context: PageContext): Promise<Node> {
  const [{ certificates }, titles] = await Promise.all([context.api.request<{ certificates: Certificate[] }>('GET', '/api/me/certificates'), courseTitles(context)]);
  return el(
    'section',
    {},
    el('h2', {}, 'Certificates'),
    certificates.length === 0
      ? el('p', { id: 'certificates-empty' }, 'No certificates yet.')
      : el('ul', { id: 'certificate-list' }, ...certificates.map((item) => el('li', { class: 'certificate' }, titles.get(item.courseId) ?? item.courseId, ` issued ${day(item.issuedAt)} (${item.id})`))),
  );
}

export async function invoicesPage(context: PageContext): Promise<Node> {
  const [{ invoices }, titles] = await Promise.all([context.api.request<{ invoices: Invoice[] }>('GET', '/api/me/invoices'), courseTitles(context)]);
  return el(
    'section',
    {},
    el('h2', {}, 'Invoices'),
    invoices.length === 0
      ? el('p', { id: 'invoices-empty' }, 'No invoices yet.')
      : el('ul', { id: 'invoice-list' }, ...invoices.map((item) => el('li', { class: 'invoice' }, `${day(item.issuedAt)} ${money(item.amountCents, item.currency)}`, item.courseId ? ` for ${titles.get(item.courseId) ?? item.courseId}` : '', ` (${item.id})`))),
  );
}
