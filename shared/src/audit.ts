/** What each audited action is called in the audit log (one home: server and admin read it here). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.lockout': '密码错误过多，账号临时锁定',
  'auth.password-change': '修改自己的密码',
  'checkout.void': '撤销核销',
  'coupon-template.create': '新建券模板',
  'coupon-template.update': '修改券模板',
  'coupon-template.publish': '发布券模板',
  'coupon-template.pause': '暂停发放',
  'coupon-template.archive': '归档券模板',
  'coupon.issue': '发券给会员',
  'member.export': '导出会员（手机号打码）',
  'member.export.full-phones': '导出会员（含完整手机号）',
  'member.points.adjust': '调整积分',
  'member.tag.add': '添加标签',
  'member.tag.remove': '移除标签',
  'settings.update': '修改会员、积分与营销规则',
  'staff.create': '添加员工',
  'staff.update': '修改员工',
  'staff.disable': '停用员工',
  'staff.enable': '启用员工',
  'staff.reset-password': '重置员工密码',
  'store.create': '新建门店',
  'store.update': '修改门店',
  'store.close': '闭店',
  'store.reopen': '恢复营业',
  'store.tables.add': '添加桌台',
  'tier.update': '修改会员等级',
  'segment.create': '新建客群',
  'segment.update': '修改客群',
  'segment.delete': '删除客群',
  'campaign.create': '新建营销活动',
  'campaign.start': '开始发送营销活动',
  'campaign.approve': '批准并发送营销活动',
  'campaign.schedule': '定时发送营销活动',
  'automation.create': '新建自动营销',
  'automation.update': '修改自动营销',
  'automation.enable': '启用自动营销',
  'automation.disable': '停用自动营销',
  'import.members': '导入会员',
  'import.visits': '导入消费记录',
};

/** The words for the keys audit details use. */
export const AUDIT_DETAIL_LABELS: Record<string, string> = {
  name: '名称',
  tag: '标签',
  points: '积分',
  reason: '原因',
  count: '张数',
  templateId: '券模板',
  rows: '行数',
  filter: '筛选条件',
  fileName: '文件',
  total: '总行数',
  imported: '已导入',
  errors: '错误行',
  requestId: '请求号',
  username: '账号',
  role: '角色',
  code: '编码',
  tableNos: '桌号',
  chainName: '品牌名称',
  pointsPerYuan: '每元积分',
  pointsExpiryYears: '积分有效年数',
  tierWindowMonths: '等级统计月数',
  memberCodeStepSeconds: '会员码刷新秒数',
  welcomeTemplateId: '入会礼券',
  thresholdFen: '升级门槛（分）',
  pointsMultiplierPercent: '积分倍数（%）',
  memberPricePercentOff: '会员价（%）',
  birthdayTemplateId: '生日礼券',
  phone: '手机号',
  tier: '等级',
  storeId: '门店',
  trigger: '触发条件',
  enabled: '启用',
  params: '设置',
  days: '天数',
  dormantDays: '未到店天数',
  pAliveBelowPercent: '活跃概率低于（%）',
  minFen: '金额（分）',
  holdoutPercent: '对照组（%）',
  audience: '受众人数',
};

/** "原因：顾客投诉；积分：-200" from an audit detail, in words. */
export function describeAuditDetail(detail: Record<string, unknown> | null | undefined): string {
  if (!detail) return '';
  const fmt = (v: unknown): string =>
    v === null || v === undefined
      ? '无'
      : typeof v === 'boolean'
        ? v
          ? '是'
          : '否'
        : Array.isArray(v)
          ? v.map(fmt).join('、')
          : typeof v === 'object'
            ? describeAuditDetail(v as Record<string, unknown>) || '—'
            : String(v);
  return Object.entries(detail)
    .filter(
      ([, v]) =>
        v !== undefined &&
        !(typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.keys(v).length),
    )
    .map(([k, v]) => `${AUDIT_DETAIL_LABELS[k] ?? k}：${fmt(v)}`)
    .join('；');
}
