import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TokenSigner } from '../common/crypto';

const STAFF_TTL = 12 * 3600;
const MEMBER_TTL = 30 * 24 * 3600;

@Injectable()
export class TokenService {
  private readonly signer: TokenSigner;
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.signer = new TokenSigner(config.appSecret);
  }
  signStaff(staffId: string): string {
    return this.signer.sign({ sub: staffId, typ: 'staff' }, STAFF_TTL);
  }
  signMember(memberId: string): string {
    return this.signer.sign({ sub: memberId, typ: 'member' }, MEMBER_TTL);
  }
  verify(token: string, typ: 'staff' | 'member'): string | null {
    const p = this.signer.verify<{ sub?: string; typ?: string }>(token);
    return p && p.typ === typ && typeof p.sub === 'string' ? p.sub : null;
  }
}
