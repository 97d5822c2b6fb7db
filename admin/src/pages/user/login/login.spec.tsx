import { fireEvent, screen, waitFor } from '@testing-library/react';
import { TOKEN_STORAGE_KEY } from '../../../auth/token-storage';
import { mockFetch, type FetchMock } from '../../../test/fetch-mock';
import { aStaff, renderRoutes } from '../../../test/render-app';

const submitButton = () => screen.getByRole('button', { name: /登\s*录/ });

function fillAndSubmit(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('用户名'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(submitButton());
}

describe('login page', () => {
  let fetchMock: FetchMock;

  beforeEach(() => localStorage.clear());
  afterEach(() => fetchMock?.restore());

  it('renders the form and the demo hint', async () => {
    fetchMock = mockFetch({});
    renderRoutes('/login');
    expect(await screen.findByText('Tableside 管理后台')).toBeInTheDocument();
    expect(screen.getByPlaceholderText('用户名')).toBeInTheDocument();
    expect(screen.getByPlaceholderText('密码')).toBeInTheDocument();
    expect(submitButton()).toBeInTheDocument();
    expect(screen.getByText('演示账号见 README')).toBeInTheDocument();
    expect(fetchMock.requests).toHaveLength(0);
  });

  it('requires username and password before calling the server', async () => {
    fetchMock = mockFetch({});
    renderRoutes('/login');
    fireEvent.click(await screen.findByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('请输入用户名')).toBeInTheDocument();
    expect(await screen.findByText('请输入密码')).toBeInTheDocument();
    expect(fetchMock.requests).toHaveLength(0);
  });

  it('posts the credentials, stores the token and opens the dashboard', async () => {
    const staff = aStaff({ name: '李总', username: 'hq', role: 'HQ_ADMIN', storeIds: [] });
    fetchMock = mockFetch({
      'POST /api/auth/login': () => ({ status: 200, body: { accessToken: 'token-abc', staff } }),
    });
    const { currentPath } = renderRoutes('/login');
    await screen.findByLabelText('用户名');

    fillAndSubmit(' hq ', 'secret-pass');

    await waitFor(() => expect(currentPath()).toBe('/dashboard'));
    expect(fetchMock.requests[0]).toMatchObject({
      url: '/api/auth/login',
      method: 'POST',
      body: { username: 'hq', password: 'secret-pass' },
    });
    expect(fetchMock.requests[0]?.headers.Authorization).toBeUndefined();
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('token-abc');
    expect(await screen.findByText('李总')).toBeInTheDocument();
    // The dashboard asks the server for the last 30 days with the new token.
    await waitFor(() =>
      expect(fetchMock.requests.some((r) => r.url.startsWith('/api/admin/dashboard?from='))).toBe(true),
    );
    const dash = fetchMock.requests.find((r) => r.url.startsWith('/api/admin/dashboard'));
    expect(dash?.headers.Authorization).toBe('Bearer token-abc');
  });

  it('sends a cashier straight to the cashier screen', async () => {
    fetchMock = mockFetch({
      'POST /api/auth/login': () => ({
        status: 200,
        body: { accessToken: 'token-c', staff: aStaff({ name: '小张', role: 'CASHIER' }) },
      }),
    });
    const { currentPath } = renderRoutes('/login');
    await screen.findByLabelText('用户名');

    fillAndSubmit('cashier', 'secret-pass');

    await waitFor(() => expect(currentPath()).toBe('/cashier'));
    expect(await screen.findByPlaceholderText('扫描会员码或券码，回车确认')).toBeInTheDocument();
  });

  it('shows the server message on wrong credentials and stores no token', async () => {
    fetchMock = mockFetch({
      'POST /api/auth/login': () => ({
        status: 401,
        body: { code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' },
      }),
    });
    const { currentPath } = renderRoutes('/login');
    await screen.findByLabelText('用户名');

    fillAndSubmit('hq', 'wrong');

    expect(await screen.findByText('用户名或密码错误')).toBeInTheDocument();
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(currentPath()).toBe('/login');
  });
});
