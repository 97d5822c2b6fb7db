export default defineAppConfig({
  // The first page is the entry: weapp QR codes and the h5 /m/ root land here.
  pages: [
    'pages/index/index',
    'pages/card/index',
    'pages/wallet/index',
    'pages/coupon/index',
    'pages/claim/index',
    'pages/pay/index',
    'pages/me/index',
  ],
  // Rarely used pages live in subpackages so the main package stays small (scripts/check-size.mjs).
  subPackages: [
    { root: 'subpackages/points', pages: ['history/index', 'exchange/index'] },
    { root: 'subpackages/wallet', pages: ['topup/index', 'packs/index'] },
    {
      root: 'subpackages/account',
      pages: ['profile/index', 'visits/index', 'ledger/index', 'privacy/index', 'delete/index'],
    },
  ],
  // 会员卡 / 券包 / 我的 — PNG icons (WeChat's tab bar takes no SVG), drawn by scripts/make-tab-icons.py.
  tabBar: {
    color: '#8a8a8a',
    selectedColor: '#c8502d',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      {
        pagePath: 'pages/card/index',
        text: '会员卡',
        iconPath: 'assets/tab/card.png',
        selectedIconPath: 'assets/tab/card-on.png',
      },
      {
        pagePath: 'pages/wallet/index',
        text: '券包',
        iconPath: 'assets/tab/wallet.png',
        selectedIconPath: 'assets/tab/wallet-on.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '我的',
        iconPath: 'assets/tab/me.png',
        selectedIconPath: 'assets/tab/me-on.png',
      },
    ],
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '会员中心',
    navigationBarTextStyle: 'black',
  },
});
