export default definePageConfig({ navigationBarTitleText: '储值明细' });
