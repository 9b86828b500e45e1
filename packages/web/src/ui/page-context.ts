// What every page gets from the app shell: the API client, the signed-in profile, navigation
// and the shared error and notice elements.
import type { ApiClient } from '../api-client.js';
import type { Profile } from '../types.js';

export interface PageContext {
  readonly api: ApiClient;
  /** The signed-in user's profile; undefined when signed out. */
  me(): Profile | undefined;
  /** Reloads the profile (GET /api/me) and the navigation. */
  reloadMe(): Promise<void>;
  /** Navigates to a hash route and shows `notice` there. */
  go(hash: string, notice?: string): void;
  /** The session ended (logout, password change, refresh refused). */
  signedOut(notice?: string): void;
  showError(error: unknown): void;
  notice(text: string): void;
}

export type Page = (context: PageContext) => Promise<Node> | Node;
