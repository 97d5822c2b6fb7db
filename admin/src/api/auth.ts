import type { StaffRole } from '@tableside/shared';
import { apiGet, apiPost } from './client';

/** The signed-in staff member, as returned by `GET /api/auth/me` and `POST /api/auth/login`. */
export interface StaffProfile {
  id: string;
  name: string;
  username: string;
  role: StaffRole;
  storeIds: string[];
  active: boolean;
  /** Signed in with a one-time password: only changing it is allowed until then. */
  mustChangePassword: boolean;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface LoginResponse {
  accessToken: string;
  staff: StaffProfile;
}

/** Silent: the login form shows the error (e.g. 用户名或密码错误) inline. */
export function login(body: LoginRequest): Promise<LoginResponse> {
  return apiPost<LoginResponse>('/auth/login', body, { silent: true });
}

export function fetchMe(signal?: AbortSignal): Promise<StaffProfile> {
  return apiGet<StaffProfile>('/auth/me', { signal });
}

/** Ends every session of the signed-in staff member on the server (all devices). */
export function logout(): Promise<void> {
  return apiPost<void>('/auth/logout', undefined, { silent: true });
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** Silent: the form shows 当前密码不正确 / 新密码太弱 next to the field. */
export function changePassword(body: ChangePasswordRequest): Promise<LoginResponse> {
  return apiPost<LoginResponse>('/auth/password', body, { silent: true });
}
