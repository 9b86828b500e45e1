// The course list and one course: enroll, and (admins) retire.
import { el } from '../dom.js';
import { money } from '../../format.js';
import type { PageContext } from '../page-context.js';
import type { Course } from '../../types.js';

export async function coursesPage(context: PageContext): Promise<Node> {
  const { courses } = await context.api.request<{ courses: Course[] }>('GET', '/api/courses?limit=100');
  return el(
    'section',
    {},
    el('h2', {}, 'Courses'),
    courses.length === 0
      ? el('p', { id: 'courses-empty' }, 'No courses yet.')
      : el('ul', { id: 'course-list' }, ...courses.map((course) => el('li', { class: 'course' }, el('a', { class: 'course-link', href: `#/courses/${course.id}` }, course.title), ' ', el('span', { class: 'price' }, money(course.priceCents, course.currency))))),
  );
}

export async function coursePage(context: PageContext, id: string): Promise<Node> {
  const course = await context.api.request<Course>('GET', `/api/courses/${encodeURIComponent(id)}`);
  const enroll = el('button', { id: 'enroll-button', type: 'button' }, 'Enroll');
  enroll.addEventListener('click', () => {
    enroll.disabled = true;
    context.api
      .request('POST', `/api/courses/${encodeURIComponent(course.id)}/enroll`)
      .then(() => context.notice('Enrolled.'))
      .catch((error: unknown) => context.showError(error))
      .finally(() => {
        enroll.disabled = false;
      });
  });
  const actions: Node[] = [enroll];
  if (context.me()?.role === 'admin') {
    const retire = el('button', { id: 'retire-button', type: 'button', class: 'danger' }, 'Retire course');
    retire.addEventListener('click', () => {
      retire.disabled = true;
      context.api
        .request('DELETE', `/api/courses/${encodeURIComponent(course.id)}`)
        .then(() => context.go('#/courses', 'Course retired.'))
        .catch((error: unknown) => {
          retire.disabled = false;
          context.showError(error);
        });
    });
    actions.push(retire);
  }
  return el(
    'section',
    {},
    el('h2', { id: 'course-title' }, course.title),
    el('p', { id: 'course-description', class: 'description' }, course.description),
    el('p', {}, 'Price: ', el('span', { id: 'course-price' }, money(course.priceCents, course.currency))),
    el('p', { class: 'actions' }, ...actions),
  );
}
