import { render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { setRouterParams } from '../../../test/taro-shim';
import IndexPage from './index';

describe('IndexPage', () => {
  beforeEach(() => {
    Taro.clearStorageSync();
  });

  it('welcomes the diner with the store and table from the h5 link', async () => {
    setRouterParams({ store: '12', table: '5' });
    render(<IndexPage />);

    expect(await screen.findByText('欢迎光临 · 门店 12 · 桌号 5')).toBeInTheDocument();
    expect(screen.getByText('一键入会')).toBeInTheDocument();
  });

  it('reads the weapp scene and remembers the table', async () => {
    setRouterParams({ scene: encodeURIComponent('s=8&t=A3') });
    render(<IndexPage />);

    expect(await screen.findByText('欢迎光临 · 门店 8 · 桌号 A3')).toBeInTheDocument();
    expect(Taro.getStorageSync('tableside.entry')).toMatchObject({ storeId: '8', tableNo: 'A3' });
  });

  it('falls back to the last scanned table when opened without a code', async () => {
    Taro.setStorageSync('tableside.entry', { storeId: '3', tableNo: '9', savedAt: Date.now() });
    setRouterParams({});
    render(<IndexPage />);

    expect(await screen.findByText('欢迎光临 · 门店 3 · 桌号 9')).toBeInTheDocument();
  });

  it('asks for a scan when there is neither a code nor a recent visit', async () => {
    setRouterParams({});
    render(<IndexPage />);

    expect(await screen.findByText('请扫描餐桌上的二维码进入门店')).toBeInTheDocument();
    expect(screen.getByTestId('welcome')).toHaveTextContent(/^欢迎光临$/);
  });
});
