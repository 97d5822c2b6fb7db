export default definePageConfig({ navigationBarTitleText: '超值券包' });
