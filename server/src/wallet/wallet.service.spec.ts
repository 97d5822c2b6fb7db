import { splitPayment } from './wallet.service';

describe('splitPayment', () => {
  it('takes principal and bonus in proportion', () => {
    expect(splitPayment(5500, 50000, 5000)).toEqual({ principalFen: 5000, bonusFen: 500 });
  });
  it('rounds the bonus part down so principal covers the remainder', () => {
    expect(splitPayment(1, 2, 1)).toEqual({ principalFen: 1, bonusFen: 0 });
  });
  it('uses bonus when principal is exhausted', () => {
    expect(splitPayment(300, 100, 200)).toEqual({ principalFen: 100, bonusFen: 200 });
    expect(splitPayment(150, 0, 200)).toEqual({ principalFen: 0, bonusFen: 150 });
  });
  it('refuses more than the balance', () => {
    expect(() => splitPayment(301, 100, 200)).toThrow('储值余额不足');
  });
});
