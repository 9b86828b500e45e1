// The caller's own enrollments, certificates and invoices (course titles from the course list).
import { el, type Child } from '../dom.js';
import { day, money } from '../../format.js';
import type { PageContext } from '../page-context.js';
import type { Certificate, Course, Enrollment, Invoice } from '../../types.js';

type Render<T> = (item: T, courseTitle: (id: string) => string) => Child[];

/** One list page of `GET /api/me/ITEMs`: `ul#ITEM-list` of `li.ITEM`, or `p#ITEMs-empty`. */
async function listPage<T>(context: PageContext, heading: string, item: string, render: Render<T>): Promise<Node> {
  const plural = `${item}s`;
  const [answer, { courses }] = await Promise.all([
    context.api.request<Record<string, T[]>>('GET', `/api/me/${plural}`),
    context.api.request<{ courses: Course[] }>('GET', '/api/courses?limit=100'),
  ]);
  const titles = new Map(courses.map((course) => [course.id, course.title]));
  const courseTitle = (id: string) => titles.get(id) ?? id;
  const items = answer[plural] ?? [];
  return el(
    'section',
    {},
    el('h2', {}, heading),
    items.length === 0
      ? el('p', { id: `${plural}-empty` }, `No ${plural} yet.`)
      : el('ul', { id: `${item}-list` }, ...items.map((entry) => el('li', { class: item }, ...render(entry, courseTitle)))),
  );
}

export const enrollmentsPage = (context: PageContext) =>
  listPage<Enrollment>(context, 'My enrollments', 'enrollment', (item, courseTitle) => [
    el('a', { href: `#/courses/${item.courseId}` }, courseTitle(item.courseId)),
    ` since ${day(item.createdAt)}`,
  ]);

export const certificatesPage = (context: PageContext) =>
  listPage<Certificate>(context, 'Certificates', 'certificate', (item, courseTitle) => [courseTitle(item.courseId), ` issued ${day(item.issuedAt)} (${item.id})`]);

export const invoicesPage = (context: PageContext) =>
  listPage<Invoice>(context, 'Invoices', 'invoice', (item, courseTitle) => [
    `${day(item.issuedAt)} ${money(item.amountCents, item.currency)}`,
    item.courseId ? ` for ${courseTitle(item.courseId)}` : '',
    ` (${item.id})`,
  ]);
