import { Text, View } from '@tarojs/components';

const SECTIONS: [string, string][] = [
  [
    '我们收集什么',
    '入会时，我们通过微信获取你的手机号（需你点击授权）和微信账号标识（openid）；生日为选填。消费时记录门店、金额、优惠与积分。',
  ],
  [
    '用来做什么',
    '识别会员身份、计算积分与等级、发放和核销优惠券、储值支付与对账。只有在你开启“优惠活动短信/微信消息”后，才会向你发送营销信息。',
  ],
  [
    '保存与保护',
    '数据保存在餐厅品牌方的服务器上，传输全程加密；员工只能看到打码后的手机号，查看和导出都有操作记录。',
  ],
  [
    '你的权利',
    '你可以在“我的”中随时关闭营销消息，修改资料，或注销会员。注销后个人信息会被删除，消费与积分流水以匿名方式保留用于财务对账。',
  ],
  ['联系我们', '如有疑问，请联系门店或品牌客服。'],
];

export default function PrivacyPage() {
  return (
    <View className="page">
      <View className="card">
        <Text className="title">会员服务协议与隐私政策</Text>
        {SECTIONS.map(([h, body]) => (
          <View key={h} className="policy-section">
            <Text className="section-title">{h}</Text>
            <Text className="policy-text">{body}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
