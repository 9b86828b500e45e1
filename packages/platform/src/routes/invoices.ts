// Invoices (written only by enrollment in a priced course): one invoice for its owner (with
// `invoices:read`) or an admin, and the caller's own list (routes/owned-resource.ts).
import { invoices } from '../resources/invoices.js';
import { invoice } from '../resources/schemas.js';
import { ownedResourceRoutes } from './owned-resource.js';

export default ownedResourceRoutes({ plural: 'invoices', scope: 'invoices:read', schema: invoice, resource: invoices });
