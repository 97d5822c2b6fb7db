import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { navigations, setRouterParams } from '../../../test/taro-shim';
import { api } from '@/lib/api';
import IndexPage from './index';

jest.mock('@/lib/api', () => {
  const actual = jest.requireActual('@/lib/api');
  return {
    ...actual,
    api: {
      entry: jest.fn(async (code: string, table?: string) => ({
        id: 's1',
        code,
        name: '人民广场店',
        address: '南京东路 1 号',
        tableNo: table ?? null,
      })),
      login: jest.fn(async () => ({
        accessToken: 'tok-1',
        isNew: true,
        member: {},
        simulator: '微信登录模拟器',
      })),
      join: jest.fn(async () => ({
        accessToken: 'tok-2',
        member: {},
        linkedExisting: false,
        welcomeGift: '新人礼',
      })),
      me: jest.fn(async () => ({ phone: null })),
      resume: jest.fn(async () => {
        throw new actual.RequestError(404, 'MEMBER_NOT_REGISTERED', '还不是会员');
      }),
    },
  };
});
const mocked = api as jest.Mocked<typeof api>;

describe('entry and join', () => {
  beforeEach(() => {
    Taro.clearStorageSync();
    jest.clearAllMocks();
    navigations.length = 0;
  });

  it('welcomes the diner with the store name and table from the h5 link', async () => {
    setRouterParams({ store: 'SH001', table: '5' });
    render(<IndexPage />);
    expect(await screen.findByText('欢迎光临 · 人民广场店 · 桌号 5')).toBeInTheDocument();
    expect(mocked.entry).toHaveBeenCalledWith('SH001', '5');
    expect(Taro.getStorageSync('tableside.entry')).toMatchObject({ storeId: 'SH001', tableNo: '5' });
  });

  it('joins in one tap through the labelled simulator, consent off unless ticked', async () => {
    setRouterParams({ store: 'SH001', table: '5' });
    render(<IndexPage />);
    expect(await screen.findByText(/H5 演示环境：微信登录与手机号授权由模拟器代替/)).toBeInTheDocument();
    fireEvent.click(await screen.findByText('模拟器：以演示手机号入会'));
    await waitFor(() => expect(mocked.join).toHaveBeenCalled());
    // In h5 Taro.login has no code: the simulator signs in the demo diner at this store.
    expect(mocked.login).toHaveBeenCalledWith('sim-demo', 'SH001');
    expect(mocked.join).toHaveBeenCalledWith({ phoneCode: 'sim-phone-13800138000', consentMarketing: false });
    expect(Taro.getStorageSync('tableside.token')).toBe('tok-2');
    await waitFor(() => expect(navigations).toContain('/pages/card/index'));
  });

  it('sends marketing consent only when ticked; ?diner= picks another simulated diner', async () => {
    setRouterParams({ store: 'SH001', diner: 'guest-7' });
    render(<IndexPage />);
    fireEvent.click(await screen.findByTestId('consent'));
    fireEvent.click(screen.getByText('模拟器：以演示手机号入会'));
    await waitFor(() => expect(mocked.join).toHaveBeenCalled());
    expect(mocked.join.mock.calls[0][0]).toMatchObject({
      consentMarketing: true,
      phoneCode: expect.stringMatching(/^sim-phone-139\d{8}$/),
    });
    expect(mocked.login).toHaveBeenCalledWith('sim-guest-7', 'SH001');
  });

  it.each([
    ['the sentence', (row: HTMLElement) => fireEvent.click(row.querySelector('.consent-row__text')!), true],
    ['the box', (row: HTMLElement) => fireEvent.click(row.querySelector('.consent-row__box')!), true],
    ['the row twice', (row: HTMLElement) => (fireEvent.click(row), fireEvent.click(row)), false],
    [
      'the box, then the sentence',
      (row: HTMLElement) => (
        fireEvent.click(row.querySelector('.consent-row__box')!),
        fireEvent.click(row.querySelector('.consent-row__text')!)
      ),
      false,
    ],
  ])('consent sent is exactly what is shown after tapping %s', async (_label, tap, expected) => {
    setRouterParams({ store: 'SH001' });
    render(<IndexPage />);
    const row = await screen.findByTestId('consent');
    tap(row);
    expect(row.getAttribute('aria-checked')).toBe(String(expected));
    expect(row.querySelector('.consent-row__tick') !== null).toBe(expected);
    fireEvent.click(screen.getByText('模拟器：以演示手机号入会'));
    await waitFor(() => expect(mocked.join).toHaveBeenCalled());
    expect(mocked.join.mock.calls[0][0].consentMarketing).toBe(expected);
  });

  it('a member opening the mini-program on a new device goes straight to the card, never to 入会', async () => {
    setRouterParams({ store: 'SH001', table: '3' });
    mocked.resume.mockResolvedValueOnce({
      accessToken: 'tok-back',
      isNew: false,
      member: {} as never,
      simulator: '',
    });
    render(<IndexPage />);
    await waitFor(() => expect(navigations).toContain('/pages/card/index'));
    expect(Taro.getStorageSync('tableside.token')).toBe('tok-back');
    expect(screen.queryByText('一键成为会员')).not.toBeInTheDocument();
    expect(mocked.join).not.toHaveBeenCalled();
  });

  it('asks for a scan when there is neither a code nor a recent visit', async () => {
    setRouterParams({});
    render(<IndexPage />);
    expect(await screen.findByText('请扫描餐桌上的二维码进入门店')).toBeInTheDocument();
    expect(screen.getByTestId('welcome')).toHaveTextContent(/^欢迎光临$/);
    expect(mocked.entry).not.toHaveBeenCalled();
  });
});
