/** The router basename and Vite `base` (without the trailing slash). */
export const ADMIN_BASENAME = '/admin';

/** Every request goes through the same-origin `/api` prefix (proxied to the server in dev). */
export const API_BASE = '/api';
