import type { StaffRole } from '@tableside/shared';
import { apiGet, apiPost } from './client';

/** The signed-in staff member, as returned by `GET /api/auth/me` and `POST /api/auth/login`. */
export interface StaffProfile {
  id: string;
  name: string;
  username: string;
  role: StaffRole;
  storeIds: string[];
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
