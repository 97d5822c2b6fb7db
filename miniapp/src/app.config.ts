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
    {
      root: 'subpackages/account',
      pages: ['profile/index', 'visits/index', 'ledger/index', 'privacy/index', 'delete/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '会员中心',
    navigationBarTextStyle: 'black',
  },
});
