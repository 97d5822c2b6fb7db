export default defineAppConfig({
  // The first page is the entry: weapp QR codes and the h5 /m/ root land here.
  pages: ['pages/index/index', 'pages/card/index', 'pages/wallet/index', 'pages/me/index'],
  // Rarely used pages live in subpackages so the main package stays small (scripts/check-size.mjs).
  subPackages: [
    {
      root: 'subpackages/points',
      pages: ['history/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: 'Tableside 会员',
    navigationBarTextStyle: 'black',
  },
});
