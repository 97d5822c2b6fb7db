import { IsInt, IsString, Max, validate } from 'class-validator';
import { cacheValidationMetadata } from './validation-cache';

class Bill {
  @IsInt() @Max(100) amount!: number;
}

describe('cacheValidationMetadata', () => {
  beforeAll(() => cacheValidationMetadata());

  it('validates as class-validator does, the second time from the cache', async () => {
    const bad = Object.assign(new Bill(), { amount: 101 });
    const good = Object.assign(new Bill(), { amount: 100 });
    for (let i = 0; i < 2; i++) {
      expect((await validate(bad)).map((e) => Object.keys(e.constraints ?? {}))).toEqual([['max']]);
      expect(await validate(good)).toEqual([]);
    }
    expect(await validate(bad, { whitelist: true, forbidNonWhitelisted: true })).toHaveLength(1);
  });

  it('sees a rule registered after the first validation (a class loaded later)', async () => {
    expect(await validate(Object.assign(new Bill(), { amount: 5 }))).toEqual([]);
    class Later {
      @IsString() name!: string;
    }
    expect((await validate(Object.assign(new Later(), { name: 3 }))).map((e) => e.property)).toEqual([
      'name',
    ]);
    // And a rule added to an already validated class counts from then on.
    IsString()(Bill.prototype, 'note');
    const withNote = Object.assign(new Bill(), { amount: 5, note: 7 });
    expect((await validate(withNote)).map((e) => e.property)).toEqual(['note']);
  });
});
