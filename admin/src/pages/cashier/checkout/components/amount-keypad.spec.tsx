import { useState } from 'react';
import { ConfigProvider } from 'antd';
import { fireEvent, render, screen } from '@testing-library/react';
import { AmountKeypad, applyAmountKey, type AmountKey } from './amount-keypad';

function Harness({ maxDigits, initialFen = 0 }: { maxDigits?: number; initialFen?: number }) {
  const [valueFen, setValueFen] = useState(initialFen);
  return (
    <ConfigProvider theme={{ zeroRuntime: true }}>
      <AmountKeypad label="消费金额" valueFen={valueFen} onChange={setValueFen} maxDigits={maxDigits} />
      <output data-testid="fen">{valueFen}</output>
    </ConfigProvider>
  );
}

const press = (...labels: string[]) => {
  for (const label of labels) fireEvent.click(screen.getByRole('button', { name: label }));
};
const amount = () => screen.getByRole('status', { name: '消费金额' });
const fen = () => Number(screen.getByTestId('fen').textContent);

describe('applyAmountKey', () => {
  const typeKeys = (keys: AmountKey[], maxDigits?: number) =>
    keys.reduce((value, key) => applyAmountKey(value, key, maxDigits), 0);

  it('shifts digits in from the right', () => {
    expect(typeKeys(['1', '2', '3', '4'])).toBe(1234);
  });

  it('ignores leading zeros', () => {
    expect(typeKeys(['0', '00', '0', '5'])).toBe(5);
  });

  it('appends two zeros with 00', () => {
    expect(typeKeys(['8', '00'])).toBe(800);
  });

  it('drops the last digit with backspace, stopping at zero', () => {
    expect(typeKeys(['1', '2', '3', 'backspace'])).toBe(12);
    expect(typeKeys(['7', 'backspace', 'backspace'])).toBe(0);
  });

  it('resets with clear', () => {
    expect(typeKeys(['9', '9', 'clear'])).toBe(0);
  });

  it('ignores a key that would exceed maxDigits, including a half-fitting 00', () => {
    expect(typeKeys(['1', '2', '3', '4', '5'], 4)).toBe(1234);
    expect(typeKeys(['1', '2', '3', '00'], 4)).toBe(123);
    expect(typeKeys(['9', '9', '9', '9', '9', '9', '9', '9'])).toBe(9_999_999);
  });
});

describe('<AmountKeypad>', () => {
  it('starts at ¥0.00 and shows typed digits as yuan', () => {
    render(<Harness />);
    expect(amount()).toHaveTextContent('¥0.00');
    press('1', '2', '3', '4');
    expect(amount()).toHaveTextContent('¥12.34');
    expect(fen()).toBe(1234);
  });

  it('types 00, backspace and clear', () => {
    render(<Harness />);
    press('5', '00');
    expect(amount()).toHaveTextContent('¥5.00');
    press('退格');
    expect(amount()).toHaveTextContent('¥0.50');
    expect(fen()).toBe(50);
    press('清空');
    expect(amount()).toHaveTextContent('¥0.00');
    expect(fen()).toBe(0);
  });

  it('stops at maxDigits', () => {
    render(<Harness maxDigits={5} />);
    press('9', '8', '7', '6', '5', '4', '00');
    expect(amount()).toHaveTextContent('¥987.65');
  });

  it('edits an existing amount', () => {
    render(<Harness initialFen={2500} />);
    expect(amount()).toHaveTextContent('¥25.00');
    press('退格', '8');
    expect(amount()).toHaveTextContent('¥25.08');
  });

  it('does not call onChange when a key changes nothing', () => {
    const onChange = jest.fn();
    render(
      <ConfigProvider theme={{ zeroRuntime: true }}>
        <AmountKeypad valueFen={0} onChange={onChange} />
      </ConfigProvider>,
    );
    press('0', '00', '退格', '清空');
    expect(onChange).not.toHaveBeenCalled();
    press('7');
    expect(onChange).toHaveBeenCalledWith(7);
  });

  it('renders a disabled keypad', () => {
    render(
      <ConfigProvider theme={{ zeroRuntime: true }}>
        <AmountKeypad valueFen={100} onChange={jest.fn()} disabled />
      </ConfigProvider>,
    );
    expect(screen.getByRole('button', { name: '1' })).toBeDisabled();
    expect(screen.getByRole('status', { name: '金额' })).toHaveTextContent('¥1.00');
  });
});

describe('keyboard-only entry', () => {
  it('types digits, backspace and escape on the focused amount, Enter submits', () => {
    const onEnter = jest.fn();
    function WithEnter() {
      const [v, setV] = useState(0);
      return (
        <ConfigProvider theme={{ zeroRuntime: true }}>
          <AmountKeypad label="消费金额" valueFen={v} onChange={setV} onEnter={onEnter} />
          <output data-testid="fen">{v}</output>
        </ConfigProvider>
      );
    }
    render(<WithEnter />);
    const field = screen.getByTestId('amount');
    expect(field).toHaveAttribute('tabindex', '0');
    for (const key of ['1', '2', '8', '0', '0']) fireEvent.keyDown(field, { key });
    expect(fen()).toBe(12800);
    expect(amount()).toHaveTextContent('¥128.00');
    fireEvent.keyDown(field, { key: 'Backspace' });
    expect(fen()).toBe(1280);
    fireEvent.keyDown(field, { key: 'x' });
    expect(fen()).toBe(1280);
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(onEnter).toHaveBeenCalledTimes(1);
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(fen()).toBe(0);
  });
});
