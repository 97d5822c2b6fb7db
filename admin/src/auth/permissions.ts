import type { StaffRole } from '@tableside/shared';

/**
 * Which back-office pages each role may open. The sider menu and the route guards both read this
 * map, so a page is either visible and reachable or neither. The server enforces the same rules
 * on its endpoints; this only decides what the UI offers.
 */

/** Every page in menu order. */
export const APP_PAGES = [
  'dashboard',
  'members',
  'segments',
  'couponTemplates',
  'campaigns',
  'automations',
  'storedValue',
  'tiersPoints',
  'stores',
  'staff',
  'auditLog',
  'imports',
  'payments',
  'cashier',
] as const;
export type AppPage = (typeof APP_PAGES)[number];

export const PAGE_PATHS: Record<AppPage, string> = {
  dashboard: '/dashboard',
  members: '/members',
  segments: '/segments',
  couponTemplates: '/coupon-templates',
  campaigns: '/campaigns',
  automations: '/automations',
  storedValue: '/stored-value',
  tiersPoints: '/tiers-points',
  stores: '/stores',
  staff: '/staff',
  auditLog: '/audit-log',
  imports: '/imports',
  payments: '/payments',
  cashier: '/cashier',
};

export const PAGE_TITLES: Record<AppPage, string> = {
  dashboard: '概览',
  members: '会员',
  segments: '客群',
  couponTemplates: '优惠券模板',
  campaigns: '营销活动',
  automations: '自动营销',
  storedValue: '储值与券包',
  tiersPoints: '等级与积分',
  stores: '门店',
  staff: '员工与角色',
  auditLog: '操作日志',
  imports: '数据导入',
  payments: '微信支付订单',
  cashier: '收银台',
};

export const ROLE_PAGES: Record<StaffRole, readonly AppPage[]> = {
  HQ_ADMIN: APP_PAGES,
  MARKETER: [
    'dashboard',
    'members',
    'segments',
    'couponTemplates',
    'campaigns',
    'automations',
    'storedValue',
    'imports',
  ],
  STORE_MANAGER: ['dashboard', 'members', 'stores', 'staff', 'payments', 'cashier'],
  CASHIER: ['cashier'],
};

export function canAccess(role: StaffRole, page: AppPage): boolean {
  return ROLE_PAGES[role].includes(page);
}

/** The pages a role sees, in menu order. */
export function pagesFor(role: StaffRole): AppPage[] {
  return APP_PAGES.filter((page) => canAccess(role, page));
}

/** Where a role lands after login or on `/`: its first page (a cashier goes straight to 收银台). */
export function homePathFor(role: StaffRole): string {
  const [first] = pagesFor(role);
  return PAGE_PATHS[first ?? 'cashier'];
}

/** The page a path belongs to (`/members/42` → members), or undefined for unknown paths. */
export function pageForPath(pathname: string): AppPage | undefined {
  return APP_PAGES.find((page) => {
    const base = PAGE_PATHS[page];
    return pathname === base || pathname.startsWith(`${base}/`);
  });
}
