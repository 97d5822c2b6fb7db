import { lazy, Suspense, useEffect, useRef, type ComponentType, type ReactNode } from 'react';
import { useLocation, useNavigate, useRoutes, type RouteObject } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { configureApiClient } from '../api/client';
import { HomeRedirect, RequireAuth, RequirePage } from '../auth/guards';
import { PAGE_PATHS, type AppPage } from '../auth/permissions';
import { FullPageLoading } from '../components/full-page-loading';
import { BasicLayout } from '../layouts/basic-layout';
// Eager: it is the first screen of most visits and only ~1 kB on top of the shared chunks.
import { LoginPage } from '../pages/user/login';

/** React.lazy for a named export (pages use named exports). */
function lazyNamed<M>(load: () => Promise<M>, name: keyof M) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const CashierPage = lazyNamed(() => import('../pages/cashier/checkout'), 'CashierPage');
const MemberDetailPage = lazyNamed(() => import('../pages/members/member-detail'), 'MemberDetailPage');
const TableQrPrintPage = lazyNamed(() => import('../pages/organization/stores/qr-print'), 'TableQrPrintPage');
const NotFoundPage = lazyNamed(() => import('../pages/exception/not-found'), 'NotFoundPage');

const LAYOUT_PAGES: Record<Exclude<AppPage, 'cashier'>, ComponentType> = {
  dashboard: lazyNamed(() => import('../pages/dashboard/overview'), 'DashboardOverviewPage'),
  members: lazyNamed(() => import('../pages/members/member-list'), 'MemberListPage'),
  segments: lazyNamed(() => import('../pages/marketing/segments'), 'SegmentListPage'),
  couponTemplates: lazyNamed(() => import('../pages/marketing/coupon-templates'), 'CouponTemplateListPage'),
  campaigns: lazyNamed(() => import('../pages/marketing/campaigns'), 'CampaignListPage'),
  automations: lazyNamed(() => import('../pages/marketing/automations'), 'AutomationListPage'),
  tiersPoints: lazyNamed(() => import('../pages/loyalty/tiers-points'), 'TiersPointsPage'),
  stores: lazyNamed(() => import('../pages/organization/stores'), 'StoreListPage'),
  staff: lazyNamed(() => import('../pages/organization/staff'), 'StaffListPage'),
  auditLog: lazyNamed(() => import('../pages/system/audit-log'), 'AuditLogPage'),
  imports: lazyNamed(() => import('../pages/system/imports'), 'ImportListPage'),
  storedValue: lazyNamed(() => import('../pages/marketing/stored-value'), 'StoredValuePage'),
  payments: lazyNamed(() => import('../pages/system/payments'), 'PaymentListPage'),
};

function Loadable({ children }: { children: ReactNode }) {
  return <Suspense fallback={<FullPageLoading />}>{children}</Suspense>;
}

/** Route tree (paths relative to the `/admin` basename). Every page is guarded by its AppPage key. */
export const appRoutes: RouteObject[] = [
  {
    path: '/login',
    element: <LoginPage />,
  },
  {
    path: PAGE_PATHS.cashier,
    element: (
      <RequireAuth>
        <RequirePage page="cashier">
          <Loadable>
            <CashierPage />
          </Loadable>
        </RequirePage>
      </RequireAuth>
    ),
  },
  {
    path: `${PAGE_PATHS.stores}/:id/qr`,
    element: (
      <RequireAuth>
        <RequirePage page="stores">
          <Loadable>
            <TableQrPrintPage />
          </Loadable>
        </RequirePage>
      </RequireAuth>
    ),
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <BasicLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      ...Object.entries(LAYOUT_PAGES).map(([page, Page]) => ({
        path: PAGE_PATHS[page as AppPage],
        element: (
          <RequirePage page={page as AppPage}>
            <Page />
          </RequirePage>
        ),
      })),
      {
        path: `${PAGE_PATHS.members}/:id`,
        element: (
          <RequirePage page="members">
            <MemberDetailPage />
          </RequirePage>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

/** On a 401 for a signed-in request (token already cleared by the client): drop caches, go to login. */
function UnauthorizedRedirect() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const location = useLocation();
  const locationRef = useRef(location);
  locationRef.current = location;
  useEffect(() => {
    configureApiClient({
      onUnauthorized: () => {
        queryClient.clear();
        const { pathname, search } = locationRef.current;
        if (pathname === '/login') return;
        navigate('/login', { replace: true, state: { from: `${pathname}${search}` } });
      },
    });
  }, [navigate, queryClient]);
  return null;
}

/** The whole app below the router (BrowserRouter in the app, MemoryRouter in tests). */
export function AppRoutes() {
  const element = useRoutes(appRoutes);
  return (
    <>
      <UnauthorizedRedirect />
      {element}
    </>
  );
}
