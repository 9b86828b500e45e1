// Admins: create a course and import a courses document.
import { ApiError } from '../../api-error.js';
import { el, field, valueOf } from '../dom.js';
import { form } from '../forms.js';
import type { PageContext } from '../page-context.js';
import type { Course } from '../../types.js';

function parseImport(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_json', 'The import is not valid JSON.', undefined);
  }
}

export function adminPage(context: PageContext): Node {
  if (context.me()?.role !== 'admin') return el('section', {}, el('h2', {}, 'Admin'), el('p', { id: 'admin-only' }, 'This page is for administrators.'));
  const create = form(
    context,
    'course-create-form',
    'Create course',
    [
      field('course-create-title', 'Title', { type: 'text', required: true, maxlength: 200 }),
      el('p', { class: 'field' }, el('label', { for: 'course-create-description' }, 'Description'), el('textarea', { id: 'course-create-description', name: 'course-create-description', rows: 4, maxlength: 5000 })),
      field('course-create-price', 'Price (cents)', { type: 'number', min: 0, step: 1, value: 0 }),
      field('course-create-currency', 'Currency', { type: 'text', value: 'EUR', maxlength: 3 }),
    ],
    async (element) => {
      const price = Number.parseInt(valueOf(element, 'course-create-price') || '0', 10);
      const created = await context.api.request<Course>('POST', '/api/courses', {
        title: valueOf(element, 'course-create-title'),
        description: valueOf(element, 'course-create-description'),
        priceCents: Number.isFinite(price) ? price : 0,
        currency: valueOf(element, 'course-create-currency').trim().toUpperCase(),
      });
      context.go(`#/courses/${created.id}`, 'Course created.');
    },
  );
  const importForm = form(
    context,
    'import-form',
    'Import',
    [el('p', { class: 'field' }, el('label', { for: 'import-json' }, 'Courses JSON'), el('textarea', { id: 'import-json', name: 'import-json', rows: 8, placeholder: '{"courses":[{"title":"..."}]}' }))],
    async (element) => {
      const { imported } = await context.api.request<{ imported: number }>('POST', '/api/import', parseImport(valueOf(element, 'import-json')));
      context.notice(`Imported ${imported} courses.`);
    },
  );
  return el('section', {}, el('h2', {}, 'Admin'), el('h3', {}, 'New course'), create, el('h3', {}, 'Import courses'), importForm);
}
