export default definePageConfig({
  navigationBarTitleText: '欢迎光临',
});
