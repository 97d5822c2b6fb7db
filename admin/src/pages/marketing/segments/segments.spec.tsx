import { screen, waitFor } from '@testing-library/react';
import { TOKEN_STORAGE_KEY } from '../../../auth/token-storage';
import { mockFetch, type FetchMock } from '../../../test/fetch-mock';
import { aStaff, renderRoutes } from '../../../test/render-app';
import { newCondition } from './index';

describe('segment builder', () => {
  let fetchMock: FetchMock;
  afterEach(() => fetchMock?.restore());

  it('starts a condition with the field’s first operator', () => {
    expect(newCondition('rScore')).toEqual({ field: 'rScore', op: 'eq', value: undefined });
    expect(newCondition('consentSms')).toEqual({ field: 'consentSms', op: 'eq', value: true });
  });

  it('shows the live count of the filter being built, asking the server once per pause', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'tok');
    fetchMock = mockFetch({
      'GET /api/auth/me': () => ({ status: 200, body: aStaff({ role: 'MARKETER', storeIds: [] }) }),
      'GET /api/admin/segments': () => ({ status: 200, body: [] }),
      'GET /api/tiers': () => ({ status: 200, body: [] }),
      'GET /api/stores': () => ({ status: 200, body: [] }),
      'POST /api/admin/segments/preview': () => ({
        status: 200,
        body: {
          count: 42,
          summary: '生命周期 属于 沉睡、流失',
          sample: [{ id: 'm1', name: '王大客', phone: '138****0001', tierName: '金卡' }],
          lifecycle: [{ name: '沉睡', count: 30 }],
          rfm: [{ name: '重要挽留客户', count: 12 }],
        },
      }),
    });
    renderRoutes('/segments');
    expect(await screen.findByText('生命周期 属于 沉睡、流失', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.getByText('沉睡 30')).toBeInTheDocument();
    expect(screen.getByText('王大客 · 138****0001 · 金卡')).toBeInTheDocument();
    await waitFor(() =>
      expect(fetchMock.requests.filter((r) => r.url === '/api/admin/segments/preview')).toHaveLength(1),
    );
    expect(fetchMock.requests.find((r) => r.url === '/api/admin/segments/preview')?.body).toEqual({
      filter: { all: [{ field: 'lifecycle', op: 'in', value: ['DORMANT', 'LOST'] }] },
    });
  });
});
