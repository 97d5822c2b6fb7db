import { fireEvent, screen } from '@testing-library/react';
import { TOKEN_STORAGE_KEY } from '../../../auth/token-storage';
import { mockFetch, type FetchMock } from '../../../test/fetch-mock';
import { aStaff, renderRoutes } from '../../../test/render-app';
import { membersLink } from './insight-section';

jest.mock('./charts', () => ({
  TrendChart: () => <div data-testid="chart-trend" />,
  CouponChart: () => <div data-testid="chart-coupons" />,
  PieDistribution: () => <div data-testid="chart-tiers" />,
  LifecycleChart: () => <div data-testid="chart-lifecycle" />,
  IntervalChart: () => <div data-testid="chart-intervals" />,
}));

const overview = {
  asOf: '2026-11-30',
  refreshedAt: '2026-11-30T01:00:00.000Z',
  members: 10,
  withVisits: 8,
  lifecycle: [
    { key: 'NEW', label: '新客', count: 2, prevCount: 1 },
    { key: 'CORE', label: '核心', count: 3, prevCount: 4 },
    { key: 'POTENTIAL', label: '潜力', count: 1, prevCount: 1 },
    { key: 'DORMANT', label: '沉睡', count: 1, prevCount: 0 },
    { key: 'LOST', label: '流失', count: 1, prevCount: 1 },
    { key: 'NONE', label: '未消费', count: 2, prevCount: 3 },
  ],
  transitions: [{ from: 'CORE', to: 'DORMANT', count: 1 }],
  rfm: [{ segment: '重要价值客户', count: 3, monetaryFen: 90_000 }],
  loyalty: [{ key: 'HEAVY_LOYAL', label: '重度消费·高忠诚', count: 3, monetaryFen: 90_000 }],
  clusters: [{ key: '周末家庭聚餐', name: '周末家庭聚餐', description: '周末 80%', count: 5 }],
  intervals: [{ label: '7 天内', count: 2 }],
  atRisk: [
    {
      memberId: 'm1',
      name: '王大客',
      phone: '138****0001',
      monetaryFen: 120_000,
      pAlive: 0.31,
      pAlivePrev: 0.62,
      recencyDays: 45,
      rfmSegment: '重要价值客户',
    },
  ],
};

function mocks(role: 'HQ_ADMIN' | 'STORE_MANAGER', body: unknown): FetchMock {
  localStorage.setItem(TOKEN_STORAGE_KEY, 'tok');
  return mockFetch({
    'GET /api/auth/me': () => ({
      status: 200,
      body: aStaff({ role, storeIds: role === 'HQ_ADMIN' ? [] : ['store_1'] }),
    }),
    'GET /api/admin/insights/overview': () => ({ status: 200, body }),
    'GET /api/admin/dashboard': () => ({
      status: 200,
      body: {
        membersTotal: 10,
        membersNew: 1,
        visits: 0,
        revenueFen: 0,
        couponsIssued: 0,
        couponsUsed: 0,
        redemptionRate: 0,
        trend: [],
        tiers: [],
      },
    }),
    'GET /api/admin/members': () => ({ status: 200, body: { items: [], total: 0, page: 1, pageSize: 20 } }),
    'GET /api/stores': () => ({ status: 200, body: [] }),
    'GET /api/tiers': () => ({ status: 200, body: [] }),
  });
}

describe('the dashboard’s insight section', () => {
  let fetchMock: FetchMock;
  afterEach(() => fetchMock?.restore());

  it('links a condition to the member list with its label', () => {
    const url = new URL(
      membersLink({ field: 'rfmSegment', op: 'eq', value: '重要价值客户' }, 'RFM：重要价值客户'),
      'http://x',
    );
    expect(url.pathname).toBe('/members');
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual({
      all: [{ field: 'rfmSegment', op: 'eq', value: '重要价值客户' }],
    });
    expect(url.searchParams.get('label')).toBe('RFM：重要价值客户');
  });

  it('says how to compute the insight when it never ran', async () => {
    fetchMock = mocks('HQ_ADMIN', { ...overview, asOf: null });
    renderRoutes('/dashboard');
    expect(await screen.findByText(/还没有计算会员洞察/)).toBeInTheDocument();
  });

  it('shows movement, opens a cell’s members and the at-risk member; managers cannot rename clusters', async () => {
    fetchMock = mocks('STORE_MANAGER', overview);
    const { currentPath } = renderRoutes('/dashboard');
    expect(await screen.findByText(/核心 3/)).toBeInTheDocument();
    expect(screen.getByText(/核心→沉睡 1 人/)).toBeInTheDocument();
    expect(screen.getByText('王大客 138****0001')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /改名/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '重要价值客户：3 人，查看名单' }));
    expect(await screen.findByTestId('adhoc-filter')).toHaveTextContent('RFM：重要价值客户');
    expect(currentPath()).toBe('/members');
    const list = fetchMock.requests.find((r) => r.url.startsWith('/api/admin/members'));
    expect(decodeURIComponent(list!.url)).toContain('"value":"重要价值客户"');
  });

  it('lets head office rename a cluster', async () => {
    fetchMock = mocks('HQ_ADMIN', overview);
    renderRoutes('/dashboard');
    expect(await screen.findByRole('button', { name: '给周末家庭聚餐改名' })).toBeInTheDocument();
  });
});
