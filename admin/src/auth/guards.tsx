import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Button, Result } from 'antd';
import { FullPageLoading } from '../components/full-page-loading';
import { ForbiddenPage } from '../pages/exception/forbidden';
import { ChangePasswordPage } from '../pages/user/change-password';
import { useAuth, useStaff } from './auth-context';
import { canAccess, homePathFor, type AppPage } from './permissions';

export interface LoginLocationState {
  /** Where to return after login, e.g. "/members?tier=gold". */
  from?: string;
}

/** Renders children only for a signed-in staff member; otherwise sends them to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, retry, logout, staff } = useAuth();
  const location = useLocation();

  if (status === 'anonymous') {
    const state: LoginLocationState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/login" replace state={state} />;
  }
  if (status === 'loading') return <FullPageLoading tip="正在验证登录状态…" />;
  if (status === 'error') {
    return (
      <Result
        status="warning"
        title="无法获取登录信息"
        subTitle="请检查网络后重试，或重新登录。"
        extra={[
          <Button key="retry" type="primary" onClick={retry}>
            重试
          </Button>,
          <Button key="logout" onClick={logout}>
            重新登录
          </Button>,
        ]}
      />
    );
  }
  // A one-time password (new account or reset): nothing but changing it until it is changed.
  if (staff?.mustChangePassword) return <ChangePasswordPage forced />;
  return <>{children}</>;
}

/** Shows a 403 result when the signed-in role may not open `page` (same map as the menu). */
export function RequirePage({ page, children }: { page: AppPage; children: ReactNode }) {
  const staff = useStaff();
  if (!canAccess(staff.role, page)) return <ForbiddenPage />;
  return <>{children}</>;
}

/** `/` → the role's home page. */
export function HomeRedirect() {
  const staff = useStaff();
  return <Navigate to={homePathFor(staff.role)} replace />;
}
