export default definePageConfig({
  navigationBarTitleText: '我的券包',
});
