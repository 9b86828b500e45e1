// Enrollments: the caller's own list, and one enrollment for its owner or an admin
// (routes/owned-resource.ts). Enrolling is POST /api/courses/:id/enroll (routes/courses.ts).
import { enrollments } from '../resources/enrollments.js';
import { enrollment } from '../resources/schemas.js';
import { ownedResourceRoutes } from './owned-resource.js';

export default ownedResourceRoutes({ plural: 'enrollments', scope: 'courses:read', schema: enrollment, resource: enrollments });
