import { useState } from 'react';
import { ConfigProvider } from 'antd';
import { fireEvent, render, screen } from '@testing-library/react';
import { AmountKeypad, applyAmountKey, fenToTyped, typedYuanToFen, type AmountKey } from './amount-keypad';

function Harness({ maxYuanDigits, initialFen = 0 }: { maxYuanDigits?: number; initialFen?: number }) {
  const [valueFen, setValueFen] = useState(initialFen);
  return (
    <ConfigProvider theme={{ zeroRuntime: true }}>
      <AmountKeypad
        label="消费金额"
        valueFen={valueFen}
        onChange={setValueFen}
        maxYuanDigits={maxYuanDigits}
      />
      <output data-testid="fen">{valueFen}</output>
      <button onClick={() => setValueFen(0)}>外部清零</button>
    </ConfigProvider>
  );
}

const press = (...labels: string[]) => {
  for (const label of labels) fireEvent.click(screen.getByRole('button', { name: label }));
};
const amount = () => screen.getByRole('status', { name: '消费金额' });
const fen = () => Number(screen.getByTestId('fen').textContent);

describe('applyAmountKey: cashiers type yuan', () => {
  const typeKeys = (keys: AmountKey[], max?: number) => keys.reduce((t, k) => applyAmountKey(t, k, max), '');

  it('128 is ¥128, and . starts the cents', () => {
    expect(typedYuanToFen(typeKeys(['1', '2', '8']))).toBe(12_800);
    expect(typeKeys(['1', '2', '8', '.', '5'])).toBe('128.5');
    expect(typedYuanToFen('128.5')).toBe(12_850);
    expect(typedYuanToFen(typeKeys(['.', '5']))).toBe(50);
  });

  it('refuses a key that would make the entry invalid, never changing what was typed', () => {
    expect(typeKeys(['1', '.', '2', '3', '4'])).toBe('1.23');
    expect(typeKeys(['1', '.', '.', '5'])).toBe('1.5');
    expect(typeKeys(['9', '9', '9', '9', '9', '9', '9'])).toBe('999999');
    expect(typeKeys(['1', '2', '3', '00'], 4)).toBe('123');
  });

  it('ignores leading zeros; 00 appends two zeros; backspace and clear', () => {
    expect(typeKeys(['0', '0', '5'])).toBe('5');
    expect(typeKeys(['00'])).toBe('0');
    expect(typeKeys(['8', '00'])).toBe('800');
    expect(typeKeys(['1', '2', '3', 'backspace'])).toBe('12');
    expect(typeKeys(['9', '9', 'clear'])).toBe('');
  });

  it('round-trips fen and typed text', () => {
    for (const v of [0, 5, 50, 100, 12_800, 12_850, 12_805, 99_999_999])
      expect(typedYuanToFen(fenToTyped(v))).toBe(v);
  });
});

describe('<AmountKeypad>', () => {
  it('starts at ¥0, shows what was typed, and hands the parent fen', () => {
    render(<Harness />);
    expect(amount()).toHaveTextContent('¥0');
    press('1', '2', '8');
    expect(amount()).toHaveTextContent('¥128');
    expect(fen()).toBe(12_800);
    press('.');
    expect(amount()).toHaveTextContent('¥128.');
    press('5');
    expect(amount()).toHaveTextContent('¥128.5');
    expect(fen()).toBe(12_850);
  });

  it('backspace and clear; an outside reset clears the entry', () => {
    render(<Harness />);
    press('5', '00', '退格');
    expect(amount()).toHaveTextContent('¥50');
    expect(fen()).toBe(5_000);
    press('清空');
    expect(fen()).toBe(0);
    press('7');
    fireEvent.click(screen.getByText('外部清零'));
    expect(amount()).toHaveTextContent('¥0');
  });

  it('edits an existing amount as yuan', () => {
    render(<Harness initialFen={2500} />);
    expect(amount()).toHaveTextContent('¥25');
    press('退格', '8');
    expect(fen()).toBe(2_800);
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
    expect(onChange).toHaveBeenCalledWith(700);
  });

  it('renders a disabled keypad', () => {
    render(
      <ConfigProvider theme={{ zeroRuntime: true }}>
        <AmountKeypad valueFen={100} onChange={jest.fn()} disabled />
      </ConfigProvider>,
    );
    expect(screen.getByRole('button', { name: '1' })).toBeDisabled();
    expect(screen.getByRole('status', { name: '金额' })).toHaveTextContent('¥1');
  });
});

describe('keyboard-only entry', () => {
  it('types 128 as ¥128, . for cents, Backspace, Escape clears, Enter submits', () => {
    const onEnter = jest.fn();
    render(
      <ConfigProvider theme={{ zeroRuntime: true }}>
        <KeyboardHarness onEnter={onEnter} />
      </ConfigProvider>,
    );
    const field = screen.getByTestId('amount');
    expect(field).toHaveAttribute('tabindex', '0');
    for (const key of ['1', '2', '8']) fireEvent.keyDown(field, { key });
    expect(fen()).toBe(12_800);
    expect(amount()).toHaveTextContent('¥128');
    for (const key of ['.', '5', '0']) fireEvent.keyDown(field, { key });
    expect(fen()).toBe(12_850);
    fireEvent.keyDown(field, { key: '9' }); // a third decimal is refused
    expect(amount()).toHaveTextContent('¥128.50');
    fireEvent.keyDown(field, { key: 'Backspace' });
    expect(amount()).toHaveTextContent('¥128.5');
    fireEvent.keyDown(field, { key: 'x' });
    expect(fen()).toBe(12_850);
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(onEnter).toHaveBeenCalledTimes(1);
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(fen()).toBe(0);
  });
});

function KeyboardHarness({ onEnter }: { onEnter: () => void }) {
  const [v, setV] = useState(0);
  return (
    <>
      <AmountKeypad label="消费金额" valueFen={v} onChange={setV} onEnter={onEnter} />
      <output data-testid="fen">{v}</output>
    </>
  );
}
