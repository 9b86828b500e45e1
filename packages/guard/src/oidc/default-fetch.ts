// The fetch oidcVerifier uses unless told otherwise.
// TODO(outbound): the safe fetch (createSafeFetch) once it lands, allowing the issuer's origin.
import type { FetchLike } from './provider-client.js';

export const defaultProviderFetch: FetchLike = (url, init) => fetch(url, init);
