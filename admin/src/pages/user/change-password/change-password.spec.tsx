import { fireEvent, screen, waitFor } from '@testing-library/react';
import { TOKEN_STORAGE_KEY } from '../../../auth/token-storage';
import { mockFetch, type FetchMock } from '../../../test/fetch-mock';
import { aStaff, renderRoutes } from '../../../test/render-app';

describe('one-time password', () => {
  let fetchMock: FetchMock;
  beforeEach(() => localStorage.clear());
  afterEach(() => fetchMock?.restore());

  it('opens nothing but the password change until the one-time password is replaced', async () => {
    const pending = aStaff({ name: '新店长', mustChangePassword: true });
    const changed = { ...pending, mustChangePassword: false };
    fetchMock = mockFetch({
      'GET /api/auth/me': () => ({ status: 200, body: pending }),
      'POST /api/auth/password': () => ({ status: 200, body: { accessToken: 'token-new', staff: changed } }),
    });
    localStorage.setItem(TOKEN_STORAGE_KEY, 'token-once');
    renderRoutes('/dashboard');
    expect(await screen.findByText(/你正在使用管理员发给你的一次性密码/)).toBeInTheDocument();
    expect(screen.queryByRole('menu', { name: '主菜单' })).not.toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('当前密码'), { target: { value: 'Once-Pass-123' } });
    fireEvent.change(screen.getByLabelText('新密码'), { target: { value: 'short' } });
    fireEvent.change(screen.getByLabelText('再次输入新密码'), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: /保存新密码/ }));
    expect(await screen.findByText('新密码至少 10 位')).toBeInTheDocument();
    expect(fetchMock.requests.some((r) => r.url === '/api/auth/password')).toBe(false);

    fireEvent.change(screen.getByLabelText('新密码'), { target: { value: 'my-own-password-1' } });
    fireEvent.change(screen.getByLabelText('再次输入新密码'), { target: { value: 'my-own-password-1' } });
    fireEvent.click(screen.getByRole('button', { name: /保存新密码/ }));
    await waitFor(() => expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('token-new'));
    expect(fetchMock.requests.find((r) => r.url === '/api/auth/password')?.body).toEqual({
      currentPassword: 'Once-Pass-123',
      newPassword: 'my-own-password-1',
    });
    expect(await screen.findByText('新店长')).toBeInTheDocument();
  });
});
