import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource, Like } from 'typeorm';
import { CurrentStaff, StaffAuth } from '../auth/guards';
import { isHq, type StaffPrincipal } from '../auth/principals';
import { IdParam } from '../common/id-param';
import { Tier } from '../tiers/entities/tier.entity';
import { MemberListDto, MemberListQueryDto, MemberProfileDto } from './dto/member.dto';
import { Member } from './entities/member.entity';
import { toMemberProfile } from './member-profile';
import { MembersService } from './members.service';

/** Staff view of members (the full filter panel comes with the admin console). Phones are masked. */
@ApiTags('members')
@Controller('members')
@StaffAuth()
export class MembersController {
  constructor(
    private readonly ds: DataSource,
    private readonly members: MembersService,
  ) {}

  @Get()
  @ApiOkResponse({ type: MemberListDto })
  async list(@CurrentStaff() staff: StaffPrincipal, @Query() q: MemberListQueryDto): Promise<MemberListDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const where = {
      ...(q.phone ? { phone: q.phone.length === 11 ? q.phone : Like(`%${q.phone}`) } : {}),
    };
    // Store roles see the members who joined at their stores.
    const scoped = isHq(staff) ? [where] : staff.storeIds.map((joinStoreId) => ({ ...where, joinStoreId }));
    const [rows, total] = await this.ds.getRepository(Member).findAndCount({
      where: scoped.length ? scoped : [{ ...where, id: '-' }],
      order: { createdAt: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const tiers = new Map((await this.ds.getRepository(Tier).find()).map((t) => [t.id, t]));
    return { items: rows.map((m) => toMemberProfile(m, tiers.get(m.tierId))), total };
  }

  @Get(':id')
  @ApiOkResponse({ type: MemberProfileDto })
  async get(@Param('id', IdParam) id: string): Promise<MemberProfileDto> {
    const m = await this.members.get(id);
    return toMemberProfile(m, await this.ds.getRepository(Tier).findOne({ where: { id: m.tierId } }));
  }
}
