import { TokenService } from './token.service';
import type { AppConfig } from '../config/app-config';

const service = () => new TokenService({ appSecret: 'x'.repeat(48) } as AppConfig);

describe('TokenService.verify (remembers verified tokens until they expire)', () => {
  afterEach(() => jest.useRealTimers());

  it('a verified token is the same answer the second time; its audience and its bytes still decide', async () => {
    const tokens = service();
    const token = await tokens.signMember('m1', 3);
    expect(await tokens.verify(token, 'member')).toEqual({ sub: 'm1', ver: 3 });
    expect(await tokens.verify(token, 'member')).toEqual({ sub: 'm1', ver: 3 });
    expect(await tokens.verify(token, 'staff')).toBeNull();
    const [h, p, sig] = token.split('.');
    const flipped = `${h}.${p}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await tokens.verify(flipped, 'member')).toBeNull();
    expect(await service().verify(token, 'member')).toEqual({ sub: 'm1', ver: 3 }); // another instance
    expect(
      await new TokenService({ appSecret: 'y'.repeat(48) } as AppConfig).verify(token, 'member'),
    ).toBeNull();
  });

  it('a remembered token is refused once it expires', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const tokens = service();
    const token = await tokens.signStaff('s1', 1);
    expect(await tokens.verify(token, 'staff')).toEqual({ sub: 's1', ver: 1 });
    jest.setSystemTime(Date.now() + 11 * 3600_000);
    expect(await tokens.verify(token, 'staff')).toEqual({ sub: 's1', ver: 1 });
    jest.setSystemTime(Date.now() + 2 * 3600_000); // past the 12-hour staff token
    expect(await tokens.verify(token, 'staff')).toBeNull();
  });
});
