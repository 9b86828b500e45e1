// Hash routing (`#/courses/ID`): the server serves one page at `/` and never sees the route.

export type Route =
  | { readonly page: 'login' | 'register' | 'courses' | 'enrollments' | 'certificates' | 'invoices' | 'profile' | 'password' | 'mfa' | 'admin' }
  | { readonly page: 'course'; readonly id: string }
  | { readonly page: 'not-found' };

const SIMPLE = new Set(['login', 'register', 'courses', 'enrollments', 'certificates', 'invoices', 'profile', 'password', 'mfa', 'admin']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The route of a location hash; '' and '#/' are the start page (`courses`, or login when signed out). */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\//, '').replace(/\/$/, '');
  if (path === '') return { page: 'courses' };
  const [first, second, ...rest] = path.split('/');
  if (rest.length > 0) return { page: 'not-found' };
  if (first === 'courses' && second !== undefined) return UUID.test(second) ? { page: 'course', id: second } : { page: 'not-found' };
  if (second === undefined && first !== undefined && SIMPLE.has(first)) return { page: first } as Route;
  return { page: 'not-found' };
}

/** Pages anyone may see; every other page needs a session. */
export function isPublic(route: Route): boolean {
  return route.page === 'login' || route.page === 'register' || route.page === 'not-found';
}

export function hrefOf(route: Route): string {
  return route.page === 'course' ? `#/courses/${route.id}` : `#/${route.page}`;
}
