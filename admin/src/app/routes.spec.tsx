import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { StaffProfile } from '../api/auth';
import { TOKEN_STORAGE_KEY } from '../auth/token-storage';
import { mockFetch, type FetchMock } from '../test/fetch-mock';
import { aStaff, renderRoutes } from '../test/render-app';

describe('routes, guards and layout', () => {
  let fetchMock: FetchMock;

  function signedInAs(staff: StaffProfile) {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'tok');
    fetchMock = mockFetch({ 'GET /api/auth/me': () => ({ status: 200, body: staff }) });
  }

  const menuLabels = async () => {
    const menu = await screen.findByRole('menu', { name: '主菜单' });
    return within(menu)
      .getAllByRole('menuitem')
      .map((item) => item.textContent);
  };

  beforeEach(() => localStorage.clear());
  afterEach(() => fetchMock?.restore());

  it('sends anonymous visitors to the login page', async () => {
    fetchMock = mockFetch({});
    const { currentPath } = renderRoutes('/members');
    expect(await screen.findByLabelText('用户名')).toBeInTheDocument();
    expect(currentPath()).toBe('/login');
  });

  it('shows a store manager their menu, name and role', async () => {
    signedInAs(aStaff({ name: '王店长', role: 'STORE_MANAGER' }));
    const { currentPath } = renderRoutes('/');
    expect(await menuLabels()).toEqual(['概览', '会员', '门店', '员工与角色', '微信支付订单', '收银台']);
    await waitFor(() => expect(currentPath()).toBe('/dashboard'));
    expect(screen.getByText('王店长')).toBeInTheDocument();
    expect(screen.getByText('店长')).toBeInTheDocument();
    expect(fetchMock.requests[0]?.headers.Authorization).toBe('Bearer tok');
  });

  it('shows a marketer only marketing pages and a 403 on others', async () => {
    signedInAs(aStaff({ name: '营销小李', role: 'MARKETER', storeIds: [] }));
    renderRoutes('/stores');
    expect(await menuLabels()).toEqual([
      '概览',
      '会员',
      '客群',
      '优惠券模板',
      '营销活动',
      '自动营销',
      '储值与券包',
      '数据导入',
    ]);
    expect(await screen.findByText(/当前角色（总部营销）无权访问此页面/)).toBeInTheDocument();
  });

  it('lets HQ admins open every page', async () => {
    signedInAs(aStaff({ name: '李总', role: 'HQ_ADMIN', storeIds: [] }));
    fetchMock = mockFetch({
      'GET /api/auth/me': () => ({
        status: 200,
        body: aStaff({ name: '李总', role: 'HQ_ADMIN', storeIds: [] }),
      }),
      'GET /api/admin/audit': () => ({
        status: 200,
        body: {
          total: 1,
          items: [
            {
              id: 'a1',
              staffName: '李总',
              action: 'member.export',
              actionLabel: '导出会员（手机号打码）',
              targetType: null,
              targetId: null,
              targetLabel: '—',
              summary: '行数：3',
              detail: { rows: 3 },
              createdAt: '2026-11-22T02:00:00Z',
            },
          ],
        },
      }),
    });
    renderRoutes('/audit-log');
    expect(await menuLabels()).toHaveLength(14);
    expect(await screen.findByText('导出会员（手机号打码）')).toBeInTheDocument();
    expect(screen.getByText('行数：3')).toBeInTheDocument();
    expect(fetchMock.requests.some((r) => r.url === '/api/admin/audit?page=1&pageSize=20')).toBe(true);
  });

  it('sends a cashier from / to the full-screen cashier and forbids the back office', async () => {
    signedInAs(aStaff({ name: '小张', role: 'CASHIER' }));
    const { currentPath } = renderRoutes('/');
    expect(await screen.findByPlaceholderText('扫描会员码或券码，回车确认')).toHaveFocus();
    expect(currentPath()).toBe('/cashier');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /返回后台/ })).not.toBeInTheDocument();
  });

  it('asks the server for the scanned coupon on Enter in the cashier', async () => {
    const staff = aStaff({ role: 'CASHIER', storeIds: ['s1'] });
    localStorage.setItem(TOKEN_STORAGE_KEY, 'tok');
    fetchMock = mockFetch({
      'GET /api/auth/me': () => ({ status: 200, body: staff }),
      'GET /api/stores': () => ({
        status: 200,
        body: [
          { id: 's1', code: 'SH001', name: '人民广场店', address: null, voidWindowMinutes: 30, active: true },
        ],
      }),
      'GET /api/admin/redemptions/today': () => ({ status: 200, body: [] }),
      'POST /api/checkout/preview': () => ({
        status: 200,
        body: {
          coupons: [
            {
              code: '61234567890123456789',
              name: '满100减20',
              type: 'CASH',
              applicable: false,
              reason: 'BELOW_THRESHOLD',
              reasonText: '满100元可用',
              discountFen: 0,
            },
          ],
          best: { couponCodes: [], discountFen: 0 },
          payableFen: 0,
        },
      }),
    });
    renderRoutes('/cashier');
    const input = await screen.findByPlaceholderText('扫描会员码或券码，回车确认');
    await screen.findByText('人民广场店');
    fireEvent.change(input, { target: { value: ' 6123 4567 8901 2345 6789 ' } });
    fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
    expect(await screen.findByText('不可用：满100元可用')).toBeInTheDocument();
    const preview = fetchMock.requests.find((r) => r.url === '/api/checkout/preview');
    expect(preview?.body).toEqual({ storeId: 's1', couponCodes: ['61234567890123456789'], amountFen: 0 });
    expect(input).toHaveValue('');
  });

  it('shows 404 inside the layout for unknown paths', async () => {
    signedInAs(aStaff({ role: 'HQ_ADMIN' }));
    renderRoutes('/no-such-page');
    expect(await screen.findByText('你访问的页面不存在，可能已被移动或删除。')).toBeInTheDocument();
  });

  it('logs out: clears the token and returns to login', async () => {
    signedInAs(aStaff({ role: 'HQ_ADMIN' }));
    const { currentPath } = renderRoutes('/dashboard');
    fireEvent.click(await screen.findByRole('button', { name: /退出登录/ }));
    await waitFor(() => expect(currentPath()).toBe('/login'));
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('on an expired token: clears it, returns to login and comes back after signing in', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'expired');
    const staff = aStaff({ role: 'STORE_MANAGER' });
    fetchMock = mockFetch({
      'GET /api/auth/me': () => ({
        status: 401,
        body: { code: 'AUTH_TOKEN_EXPIRED', message: '登录已失效' },
      }),
      'POST /api/auth/login': () => ({ status: 200, body: { accessToken: 'fresh', staff } }),
    });
    const { currentPath } = renderRoutes('/stores');
    await waitFor(() => expect(currentPath()).toBe('/login'));
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();

    fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: 'manager' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() => expect(currentPath()).toBe('/stores'));
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('fresh');
  });
});
