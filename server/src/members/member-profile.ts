import { maskPhone } from '@tableside/shared';
import type { Tier } from '../tiers/entities/tier.entity';
import type { MemberProfileDto } from './dto/member.dto';
import type { Member } from './entities/member.entity';

/** The member as shown to anyone: phone masked, secrets never included. */
export const toMemberProfile = (m: Member, tier: Tier | undefined | null): MemberProfileDto => ({
  id: m.id,
  memberNo: m.memberNo,
  name: m.name,
  phone: m.phone ? maskPhone(m.phone) : null,
  tierCode: tier?.code ?? '',
  tierName: tier?.name ?? '',
  pointsBalance: m.pointsBalance,
  balancePrincipalFen: m.balancePrincipalFen,
  balanceBonusFen: m.balanceBonusFen,
  consentSms: m.consentSms,
  consentWechat: m.consentWechat,
  birthday: m.birthday,
  joinChannel: m.joinChannel,
  tags: m.tags ?? [],
  createdAt: m.createdAt.toISOString(),
});
