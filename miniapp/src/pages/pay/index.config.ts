export default definePageConfig({ navigationBarTitleText: '桌边买单' });
